/**
 * Runs the built tools (`apps/tools/dist/*.js`: bench, demo) as child
 * processes the way a user does, and finds processes left behind.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './edge-fixture';

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node apps/tools/dist/<script> ...args` from the repository root; never rejects. */
export function runTool(script: string, args: string[]): Promise<ToolRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO_ROOT, 'apps/tools/dist', script), ...args], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Processes whose command line mentions `needle`. */
export function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return pids;
}
