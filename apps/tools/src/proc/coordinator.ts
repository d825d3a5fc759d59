/**
 * @module proc/coordinator
 * Starts the built coordinator (`apps/coordinator/dist/main.js --port P`) as a
 * child process on a free port and waits for its
 * `Coordinator listening on http://HOST:PORT` line, which gives the base URL.
 * It passes a random admin API token (`FL_ADMIN_TOKEN`, never on the command
 * line) and returns it; with `adminToken: null` it passes none and returns
 * the one the coordinator prints on its first start, if any.
 */
import { randomBytes } from 'node:crypto';
import type { Child, Children } from './children';
import { freePort } from './free-port';
import { COORDINATOR_LAUNCHER, COORDINATOR_MAIN, REPO_ROOT, requireBuilt } from './paths';

export interface CoordinatorProcess {
  child: Child;
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Swagger UI, from the listening line (`docs http://…`), else `<url>/api/docs`. */
  docsUrl: string;
  port: number;
  /** The admin API token (`flt_…`): the one passed in, else the printed first-admin token, else null. */
  adminToken: string | null;
}

export interface StartCoordinatorOptions {
  port?: number;
  /** `--data-dir` (persistent state); default: the coordinator's own default. */
  dataDir?: string;
  logFile?: string;
  env?: NodeJS.ProcessEnv;
  /** `--tls-cert` / `--tls-key` files: the coordinator serves HTTPS/WSS and TLS on its bulk port (the URL is then https://). */
  tls?: { cert: string; key: string };
  /** Extra command-line arguments. */
  args?: string[];
  /** Extra arguments for node itself (e.g. `--cpu-prof`), placed before the script. */
  nodeArgs?: string[];
  timeoutMs?: number;
  /** Admin token to start with (FL_ADMIN_TOKEN); default: a new random one; null: none (the coordinator prints one on a fresh database). */
  adminToken?: string | null;
}

/** A new admin API token in the coordinator's `flt_<id>_<secret>` format (docs/security.md). */
export function randomAdminToken(): string {
  return `flt_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;
}

const LISTENING = /Coordinator listening on (https?:\/\/[^\s/]+)/;
const DOCS = /docs (https?:\/\/[^\s,)]+)/;
const FIRST_ADMIN = /^First admin token \(shown once, store it now\): (flt_\S+)$/;

export async function startCoordinator(children: Children, o: StartCoordinatorOptions = {}): Promise<CoordinatorProcess> {
  requireBuilt(COORDINATOR_MAIN);
  // A port picked here is free now, not when the coordinator binds it: its own bulk channel (an ephemeral
  // port, bound first) may take it in between. Then the start fails with EADDRINUSE; try another port.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(children, o, o.port ?? (await freePort()));
    } catch (e) {
      const inUse = /EADDRINUSE/.test((e as Error).message);
      if (o.port !== undefined || !inUse || attempt >= 3) throw e;
    }
  }
}

async function startOnce(children: Children, o: StartCoordinatorOptions, port: number): Promise<CoordinatorProcess> {
  let adminToken = o.adminToken === undefined ? randomAdminToken() : o.adminToken;
  const child = children.spawn({
    name: 'coordinator',
    // The same launcher users start (`npm run coordinator`), with its runtime settings.
    command: COORDINATOR_LAUNCHER,
    args: ['--port', String(port), ...(o.dataDir ? ['--data-dir', o.dataDir] : []), ...(o.tls ? ['--tls-cert', o.tls.cert, '--tls-key', o.tls.key] : []), ...(o.args ?? [])],
    cwd: REPO_ROOT,
    // Every client the tools start shares 127.0.0.1: the per-address authentication and connection limits are sized for one site each.
    env: { FL_AUTH_PER_MINUTE: '100000', FL_MAX_CONNECTIONS_PER_ADDRESS: '100000', ...o.env, ...(adminToken ? { FL_ADMIN_TOKEN: adminToken } : {}), ...(o.nodeArgs?.length ? { FL_NODE_ARGS: o.nodeArgs.join(' ') } : {}) },
    logFile: o.logFile,
  });
  const tail: string[] = [];
  let docsUrl = '';
  const local = (u: string) => u.replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://127.0.0.1');
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(fail(`did not report listening within ${(o.timeoutMs ?? 30000) / 1000} s`)), o.timeoutMs ?? 30000);
    child.onLine((line) => {
      const first = FIRST_ADMIN.exec(line);
      if (first) {
        adminToken ??= first[1];
        return; // never kept in the tail (error messages quote it)
      }
      tail.push(line);
      if (tail.length > 20) tail.shift();
      const m = LISTENING.exec(line);
      if (m) {
        clearTimeout(timer);
        docsUrl = local(DOCS.exec(line)?.[1] ?? `${m[1]}/api/docs`);
        resolve(local(m[1]));
      }
    });
    void child.exited.then((code) => {
      clearTimeout(timer);
      reject(fail(`exited (${code}) before listening`));
    });
  });
  return { child, url, docsUrl, port, adminToken };

  function fail(what: string): Error {
    return Object.assign(new Error(`coordinator ${what}. Last output:\n  ${tail.join('\n  ')}`), { code: 'COORDINATOR_START' });
  }
}
