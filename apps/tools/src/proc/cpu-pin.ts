/**
 * @module proc/cpu-pin
 * CPU affinity for benchmarks that must keep two programs off each other's
 * cores (`bench dashboard --pin`: the coordinator on one core, Chromium and
 * the clients on the rest), with util-linux `taskset` (Linux). A process's
 * children and new threads inherit its affinity, so pinning the bench process
 * before it spawns anything places everything it starts; `pin(pid, …, true)`
 * moves a running process with all its threads (worker threads included).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

export interface CoreSplit {
  /** Cores for the process under measurement. */
  measured: number[];
  /** Cores for everything else. */
  others: number[];
}

/** The first core for the measured process, the rest for the others; null with fewer than 2 cores. */
export function splitCores(cores = availableParallelism()): CoreSplit | null {
  if (!Number.isInteger(cores) || cores < 2) return null;
  return { measured: [0], others: Array.from({ length: cores - 1 }, (_, i) => i + 1) };
}

/** Sets the CPU affinity of `pid` (every thread of it when `allThreads`). Throws TASKSET_FAILED with taskset's words. */
export function pin(pid: number, cores: readonly number[], allThreads = true): void {
  if (cores.length === 0 || cores.some((c) => !Number.isInteger(c) || c < 0)) throw Object.assign(new Error(`invalid core list ${JSON.stringify(cores)}`), { code: 'TASKSET_FAILED' });
  try {
    execFileSync('taskset', [...(allThreads ? ['-a'] : []), '-p', '-c', cores.join(','), String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    throw Object.assign(new Error(`taskset could not pin pid ${pid} to cores ${cores.join(',')}: ${stderr || (e as Error).message}`), { code: 'TASKSET_FAILED' });
  }
  // `taskset -a` exits 0 for a pid that does not exist: check what the kernel now says.
  let now: number[];
  try {
    now = allowedCores(pid);
  } catch {
    throw Object.assign(new Error(`taskset could not pin pid ${pid}: no such process`), { code: 'TASKSET_FAILED' });
  }
  const want = [...new Set(cores)].sort((a, b) => a - b);
  if (now.join(',') !== want.join(',')) throw Object.assign(new Error(`pid ${pid} runs on cores ${now.join(',')} after pinning to ${want.join(',')}`), { code: 'TASKSET_FAILED' });
}

/** The cores `pid` may run on, from /proc/<pid>/status (`Cpus_allowed_list`, e.g. "0-1,3"). */
export function allowedCores(pid: number | 'self' = 'self'): number[] {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch (e) {
    throw Object.assign(new Error(`cannot read the cores of pid ${pid}: ${(e as Error).message}`), { code: 'TASKSET_FAILED' });
  }
  const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1];
  if (!list) throw Object.assign(new Error(`no Cpus_allowed_list for pid ${pid}`), { code: 'TASKSET_FAILED' });
  return list.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
}
