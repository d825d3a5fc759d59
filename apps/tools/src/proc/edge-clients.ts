/**
 * @module proc/edge-clients
 * Starts `fl-client` processes (the built `apps/edge-client/dist/main.js`)
 * against a coordinator, one per data spec.
 */
import { join } from 'node:path';
import type { Child, Children } from './children';
import { CLIENT_MAIN, REPO_ROOT, requireBuilt } from './paths';

export interface ClientSpec {
  name: string;
  /** `--data` value. */
  data: string;
  echo?: boolean;
  /** `--examples` (echo only). */
  examples?: number;
  backend?: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /** `--ca`: a private CA's PEM file, for an https:// coordinator. */
  ca?: string;
  /** `--fault` (fault injection for dropout benchmarks and tests). */
  fault?: 'exit-after-share-keys';
}

/** Extra node flags for client processes, e.g. `FL_CLIENT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` to profile them. */
const clientNodeArgs = (): string[] => (process.env.FL_CLIENT_NODE_ARGS ?? '').split(' ').filter(Boolean);

export function startClients(children: Children, coordinatorUrl: string, specs: ClientSpec[], logDir?: string): Child[] {
  requireBuilt(CLIENT_MAIN);
  return specs.map((s) => {
    const args = [...clientNodeArgs(), CLIENT_MAIN, '--coordinator', coordinatorUrl, '--data', s.data, '--name', s.name, '--json'];
    if (s.backend) args.push('--backend', s.backend);
    if (s.echo) args.push('--echo');
    if (s.examples !== undefined) args.push('--examples', String(s.examples));
    if (s.fault) args.push('--fault', s.fault);
    if (s.ca) args.push('--ca', s.ca);
    return children.spawn({ name: s.name, command: process.execPath, args, cwd: REPO_ROOT, logFile: logDir ? join(logDir, `${s.name}.log`) : undefined });
  });
}
