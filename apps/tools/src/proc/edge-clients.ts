/**
 * @module proc/edge-clients
 * Starts `fl-client` processes (the built `apps/edge-client/dist/main.js`)
 * against a coordinator, one per data spec. Every client enrolls through
 * the ordinary path (docs/enrollment.md): {@link withEnrollment} creates a
 * single-use enrollment token per client over REST and gives each its own
 * identity file, which a restarted process reuses.
 */
import { join } from 'node:path';
import type { CreatedEnrollmentToken, CreateEnrollmentTokenRequest } from '@fl/protocol';
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
  /** `--attack` (a malicious client: attack benchmark and tests). */
  attack?: 'sign-flip' | 'huge' | 'noise' | 'label-flip' | 'weight-wrap' | 'coordinate-wrap' | 'unclipped';
  /** `--min-threshold T` (privacy policy: a secure round's threshold t ≥ T). */
  minThreshold?: number;
  /** `--colluders`: attacking clients per cohort (with `attack`). */
  colluders?: number;
  /** The enrollment cap (`maxExamples` of its token); default: `examples` with --echo, else the coordinator's default. */
  maxExamples?: number;
}

/** A client spec with its own `--identity` file and, unless that identity is enrolled already, its `--enroll-token`. */
export interface EnrolledSpec extends ClientSpec {
  enrollToken: string | undefined;
  identity: string;
}

/** What issues enrollment tokens: an `ApiClient` (`@fl/api-client`), or any client of `POST /api/enrollment-tokens`. */
export interface EnrollmentTokenIssuer {
  enrollmentTokens: { create(req: CreateEnrollmentTokenRequest): Promise<CreatedEnrollmentToken> };
}

/** One single-use enrollment token per spec (bound to its name; `maxExamples` as the spec says, or fitting its echo claim), and `<dir>/identity-<name>.json`. */
export async function withEnrollment(api: EnrollmentTokenIssuer, specs: ClientSpec[], dir: string): Promise<EnrolledSpec[]> {
  return Promise.all(
    specs.map(async (s) => {
      const cap = s.maxExamples ?? s.examples;
      const t = await api.enrollmentTokens.create({ label: s.name, clientName: s.name, ...(cap !== undefined ? { maxExamples: Math.max(cap, 1) } : {}) });
      return { ...s, enrollToken: t.secret, identity: join(dir, `identity-${s.name}.json`) };
    }),
  );
}

/** Extra node flags for client processes, e.g. `FL_CLIENT_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` to profile them. */
const clientNodeArgs = (): string[] => (process.env.FL_CLIENT_NODE_ARGS ?? '').split(' ').filter(Boolean);

export function startClients(children: Children, coordinatorUrl: string, specs: EnrolledSpec[], logDir?: string): Child[] {
  requireBuilt(CLIENT_MAIN);
  return specs.map((s) => {
    const args = [...clientNodeArgs(), CLIENT_MAIN, '--coordinator', coordinatorUrl, '--data', s.data, '--name', s.name, '--json', '--identity', s.identity];
    if (s.enrollToken) args.push('--enroll-token', s.enrollToken);
    if (s.backend) args.push('--backend', s.backend);
    if (s.echo) args.push('--echo');
    if (s.examples !== undefined) args.push('--examples', String(s.examples));
    if (s.fault) args.push('--fault', s.fault);
    if (s.attack) args.push('--attack', s.attack);
    if (s.colluders !== undefined) args.push('--colluders', String(s.colluders));
    if (s.minThreshold !== undefined) args.push('--min-threshold', String(s.minThreshold));
    if (s.ca) args.push('--ca', s.ca);
    return children.spawn({ name: s.name, command: process.execPath, args, cwd: REPO_ROOT, logFile: logDir ? join(logDir, `${s.name}.log`) : undefined });
  });
}
