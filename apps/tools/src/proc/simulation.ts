/**
 * @module proc/simulation
 * Starts the built `simulate` (`apps/edge-client/dist/simulate.js`, run
 * with `--expose-gc` as `npm run simulate` does) as one child process of N
 * virtual clients against a coordinator (docs/simulation.md), enrolled with
 * one enrollment token of N uses passed in `FL_ENROLL_TOKEN` (never on the
 * command line). Collects its JSON lines; `stop` sends SIGTERM and returns
 * its final summary line.
 */
import type { Child, Children } from './children';
import { REPO_ROOT, SIMULATE_MAIN, requireBuilt } from './paths';

export interface SimulationSpec {
  clients: number;
  /** `--data` template (`…shard=i/N…`). */
  data: string;
  enrollToken: string;
  workers?: number;
  verbose?: boolean;
  logFile?: string;
}

export interface SimulationProcess {
  child: Child;
  /** Every JSON line printed so far. */
  lines: Array<Record<string, unknown>>;
  /** Resolves with the first line whose `event` is `event`; rejects if the process exits first or after `ms`. */
  waitForEvent(event: string, ms: number): Promise<Record<string, unknown>>;
  /** SIGTERM; resolves with the final summary line (the one with `"tasks"` and no `event`). */
  stop(graceMs?: number): Promise<Record<string, unknown>>;
}

export function startSimulation(children: Children, coordinatorUrl: string, s: SimulationSpec): SimulationProcess {
  requireBuilt(SIMULATE_MAIN);
  const args = ['--expose-gc', SIMULATE_MAIN, '--coordinator', coordinatorUrl, '--clients', String(s.clients), '--data', s.data, '--json'];
  if (s.workers !== undefined) args.push('--workers', String(s.workers));
  if (s.verbose) args.push('--verbose');
  const child = children.spawn({ name: 'simulate', command: process.execPath, args, cwd: REPO_ROOT, env: { FL_ENROLL_TOKEN: s.enrollToken }, logFile: s.logFile });
  const lines: Array<Record<string, unknown>> = [];
  const tail: string[] = [];
  const waiting: Array<() => void> = [];
  child.onLine((line, stream) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
    if (stream !== 'stdout' || !line.startsWith('{')) return;
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      return;
    }
    for (const w of waiting.splice(0)) w();
  });
  void child.exited.then(() => waiting.splice(0).forEach((w) => w()));
  const find = (pred: (l: Record<string, unknown>) => boolean, what: string, ms: number) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const timer = setTimeout(() => reject(failure(`no ${what} within ${ms / 1000} s`)), ms);
      const check = () => {
        const hit = lines.find(pred);
        if (hit) {
          clearTimeout(timer);
          return resolve(hit);
        }
        if (!child.alive) {
          clearTimeout(timer);
          return reject(failure(`exited before printing ${what}`));
        }
        waiting.push(check);
      };
      check();
    });
  const failure = (why: string) => Object.assign(new Error(`simulate: ${why}. Last output:\n  ${tail.join('\n  ')}`), { code: 'SIMULATE' });
  return {
    child,
    lines,
    waitForEvent: (event, ms) => find((l) => l.event === event, `"${event}" line`, ms),
    async stop(graceMs = 30_000) {
      await children.stop(child, graceMs);
      return find((l) => l.event === undefined && typeof l.tasks === 'object', 'final summary', 1000);
    },
  };
}
