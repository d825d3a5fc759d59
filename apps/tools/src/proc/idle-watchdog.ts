/**
 * @module proc/idle-watchdog
 * Runs a command whose output is a stream of progress (a test runner) and
 * ends it if it prints nothing for `idleMs`: the whole process group is
 * killed, and what every process in it was waiting on is reported first
 * (state and kernel wait channel of each thread, from /proc), so a stall is
 * a clear failure with evidence instead of a silent hang. `npm test` runs the
 * unit and e2e tests under it (`watchdog.ts`), because the `@fl/secagg` jest
 * process has stalled at start-up (main thread in a futex wait, no output)
 * and passed at once when run again.
 */
import { spawn, spawnSync } from 'node:child_process';
import { list, processTree, read } from './process-tree';

export interface WatchdogResult {
  /** Exit code of the command (null when killed). */
  code: number | null;
  /** True when the watchdog killed it for printing nothing for idleMs. */
  stalled: boolean;
}

export interface WatchdogOptions {
  idleMs: number;
  /** Where the command's output and the watchdog's report go. */
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream;
}

/** Runs `command args` in its own process group, passing its output through; kills the group after `idleMs` of silence. */
export function runWatched(command: string, args: readonly string[], o: WatchdogOptions): Promise<WatchdogResult> {
  const out = o.out ?? process.stdout;
  const err = o.err ?? process.stderr;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let last = Date.now();
    let stalled = false;
    child.stdout.on('data', (b: Buffer) => {
      last = Date.now();
      out.write(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      last = Date.now();
      err.write(b);
    });
    const timer = setInterval(() => {
      if (stalled || Date.now() - last < o.idleMs) return;
      stalled = true;
      err.write(`\nwatchdog: no output for ${Math.round(o.idleMs / 1000)} s from \`${[command, ...args].join(' ')}\`: killing it. What its processes were waiting on:\n`);
      const tree = processTree(child.pid!); // one scan of /proc for both reports
      err.write(describeTree(tree));
      err.write(nativeStacks(tree));
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, Math.min(1000, Math.max(50, o.idleMs / 4)));
    child.on('error', (e) => {
      clearInterval(timer);
      reject(Object.assign(new Error(`cannot run ${command}: ${e.message}`), { code: 'SPAWN_FAILED' }));
    });
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code: stalled ? null : code, stalled });
    });
  });
}

/** Every process of `tree` (a `processTree`): pid, command line, and per thread its state and kernel wait channel. */
export function describeTree(tree: ReturnType<typeof processTree>): string {
  const lines: string[] = [];
  for (const { pid, cmdline } of tree) {
    lines.push(`  pid ${pid}: ${cmdline.slice(0, 200)}`);
    const threads = list(`/proc/${pid}/task`).map((tid) => {
      const state = /\) (\S)/.exec(read(`/proc/${pid}/task/${tid}/stat`) ?? '')?.[1] ?? '?';
      const wchan = (read(`/proc/${pid}/task/${tid}/wchan`) ?? '?').trim() || '-';
      const comm = (read(`/proc/${pid}/task/${tid}/comm`) ?? '').trim();
      return `${comm}:${state}:${wchan}`;
    });
    lines.push(`    threads (name:state:wait channel): ${threads.join(' ')}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * The native stacks of the leaf processes of `tree` (the ones doing the
 * work), from `gdb -batch` when it is installed: what a thread blocked in a
 * futex is waiting for. At most 30 s per process; empty without gdb; a
 * process gdb could not read (timed out) is noted and the others still come.
 */
export function nativeStacks(tree: ReturnType<typeof processTree>, timeoutMs = 30_000): string {
  const parents = new Set(tree.map((p) => p.ppid));
  const leaves = tree.filter((p) => !parents.has(p.pid) && /node/.test(p.cmdline));
  const out: string[] = [];
  for (const { pid } of leaves) {
    // The main thread (gdb's thread 1) in full first, then every thread's top frames.
    const r = spawnSync('gdb', ['-batch', '-nx', '-p', String(pid), '-ex', 'thread apply 1 bt 40', '-ex', 'thread apply all bt 12'], { encoding: 'utf8', timeout: timeoutMs });
    if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return out.join(''); // no gdb here
    if (r.error) {
      out.push(`  native stacks of pid ${pid}: gdb failed (${r.error.message})\n`);
      continue;
    }
    const lines = `${r.stdout ?? ''}`.split('\n').filter((l) => /^(Thread|#)/.test(l));
    out.push(`  native stacks of pid ${pid} (gdb):\n${lines.slice(0, 400).map((l) => `    ${l}`).join('\n')}\n`);
  }
  return out.join('');
}
