/**
 * @module proc/children
 * Every child process a tool starts is registered here and killed when the
 * tool ends, whichever way it ends: normal exit, thrown error, SIGINT /
 * SIGTERM, or `process.exit`. `stopAll` asks politely (SIGTERM) and then
 * insists (SIGKILL); the synchronous `exit` hook SIGKILLs anything left.
 * Each child's output is appended to a log file and also offered line by
 * line to listeners.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface Child {
  readonly name: string;
  readonly proc: ChildProcess;
  readonly pid: number;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  readonly exited: Promise<number | string>;
  readonly alive: boolean;
  onLine(fn: (line: string, stream: 'stdout' | 'stderr') => void): void;
}

export interface SpawnOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** File that receives the child's stdout and stderr. */
  logFile?: string;
}

const ANSI = /\x1b\[[0-9;]*m/g;

export class Children {
  private readonly all = new Set<Child>();
  private hooked = false;

  spawn(o: SpawnOptions): Child {
    this.hook();
    const proc = spawn(o.command, o.args, { cwd: o.cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    if (proc.pid === undefined) throw Object.assign(new Error(`cannot start ${o.name} (${o.command})`), { code: 'SPAWN_FAILED' });
    const log: WriteStream | null = o.logFile ? createWriteStream(o.logFile, { flags: 'a' }) : null;
    const listeners: Array<(line: string, stream: 'stdout' | 'stderr') => void> = [];
    let alive = true;
    for (const stream of ['stdout', 'stderr'] as const) {
      const rl = createInterface({ input: proc[stream]! });
      rl.on('line', (raw) => {
        const line = raw.replace(ANSI, '');
        log?.write(line + '\n');
        for (const fn of listeners) fn(line, stream);
      });
    }
    const exited = new Promise<number | string>((resolve) =>
      proc.on('exit', (code, signal) => {
        alive = false;
        this.all.delete(child);
        setTimeout(() => log?.end(), 50);
        resolve(code ?? signal ?? 'unknown');
      }),
    );
    const child: Child = {
      name: o.name,
      proc,
      pid: proc.pid,
      exited,
      get alive() {
        return alive;
      },
      onLine: (fn) => listeners.push(fn),
    };
    this.all.add(child);
    return child;
  }

  get size(): number {
    return this.all.size;
  }

  /** SIGTERM to every child, SIGKILL to those still running after `graceMs`. */
  async stopAll(graceMs = 3000): Promise<void> {
    const list = [...this.all];
    for (const c of list) stop(c, 'SIGTERM');
    const timer = setTimeout(() => list.forEach((c) => stop(c, 'SIGKILL')), graceMs);
    await Promise.all(list.map((c) => c.exited));
    clearTimeout(timer);
  }

  /** Stops one child the same way. */
  async stop(c: Child, graceMs = 3000): Promise<void> {
    stop(c, 'SIGTERM');
    const timer = setTimeout(() => stop(c, 'SIGKILL'), graceMs);
    await c.exited;
    clearTimeout(timer);
  }

  private hook(): void {
    if (this.hooked) return;
    this.hooked = true;
    process.on('exit', () => this.all.forEach((c) => stop(c, 'SIGKILL')));
    const onSignal = (sig: NodeJS.Signals, code: number) => {
      process.stderr.write(`\n${sig}: stopping ${this.all.size} child process(es)…\n`);
      void this.stopAll(2000).finally(() => process.exit(code));
    };
    process.once('SIGINT', () => onSignal('SIGINT', 130));
    process.once('SIGTERM', () => onSignal('SIGTERM', 143));
  }
}

function stop(c: Child, signal: NodeJS.Signals): void {
  if (!c.alive) return;
  try {
    c.proc.kill(signal);
  } catch {
    /* already gone */
  }
}
