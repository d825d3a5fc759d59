/**
 * @module test/cli/support/fl
 * Runs the BUILT `fl` binary (`apps/cli/dist/main.js`, from `npm run build`)
 * as a child process, asynchronously (the coordinator under test runs in
 * this process and must keep serving), with its own config directory.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const FL_BIN = resolve(__dirname, '../../../apps/cli/dist/main.js');

export interface FlResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Fl {
  /** Runs `fl args…` to the end; `input` is written to its stdin. */
  (args: string[], env?: NodeJS.ProcessEnv, input?: string): Promise<FlResult>;
  /** Starts `fl args…` and returns the child and its result (for `jobs watch`). */
  start(args: string[], env?: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<FlResult>; stdout: () => string };
  /** The XDG_CONFIG_HOME this runner uses. */
  configHome: string;
}

/** A runner whose every call gets `env` (e.g. FL_URL, FL_TOKEN) and a private XDG_CONFIG_HOME. */
export function flRunner(env: NodeJS.ProcessEnv = {}): Fl {
  if (!existsSync(FL_BIN)) throw new Error(`${FL_BIN} is missing: run \`npm run build\` first`);
  const configHome = mkdtempSync(join(tmpdir(), 'fl-cli-e2e-'));
  const fullEnv = (extra: NodeJS.ProcessEnv) => ({ PATH: process.env.PATH, HOME: configHome, XDG_CONFIG_HOME: configHome, ...env, ...extra });
  const run = ((args: string[], extra: NodeJS.ProcessEnv = {}, input?: string) =>
    new Promise<FlResult>((done) => {
      const child = execFile(process.execPath, [FL_BIN, ...args], { env: fullEnv(extra), timeout: 120_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
        done({ code, stdout: stdout.toString(), stderr: stderr.toString() });
      });
      child.stdin?.end(input ?? '');
    })) as Fl;
  run.start = (args, extra = {}) => {
    const child = spawn(process.execPath, [FL_BIN, ...args], { env: fullEnv(extra), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const done = new Promise<FlResult>((r) => child.on('close', (code) => r({ code: code ?? -1, stdout, stderr })));
    return { child, done, stdout: () => stdout };
  };
  run.configHome = configHome;
  return run;
}

/** Parses the one JSON document of a `--json` run (fails the test with the output if it is not). */
export function json<T = unknown>(r: FlResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not one JSON document (exit ${r.code}):\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  }
}
