/**
 * @module proc/peak-rss
 * Peak resident set size of a process, from `VmHWM` in `/proc/<pid>/status`
 * (Linux). Read it before the process exits.
 */
import { readFileSync } from 'node:fs';

/** Peak RSS in MiB, or null when /proc is unavailable or the process is gone. */
export function peakRssMB(pid: number): number | null {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/** Cumulative user + system CPU seconds of a process (from `/proc/<pid>/stat`), or with `tid` of one of its threads (the main thread's tid is the pid), or null. */
export function cpuSeconds(pid: number, tid?: number): number | null {
  try {
    const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100;
  } catch {
    return null;
  }
}
