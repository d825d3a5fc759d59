/**
 * @module common/thread-priority
 * Worker threads (bulk transfers, strategy steps, unmasking, inference, the
 * embedded database) run a few nice levels below the event loop, so the
 * thread that answers clients, the REST API and timers keeps the CPU when
 * cores are short. On Linux a thread's nice level is its own
 * (`setpriority(PRIO_PROCESS, 0, …)` acts on the calling thread), and
 * raising it needs no privilege. On a 2-core VM running ten clients next to
 * the coordinator this took the event-loop p99 of a loaded 1M-parameter round
 * from ≈ 21 to ≈ 16 ms (docs/performance.md), because waking a worker no
 * longer preempts the event loop.
 *
 * `FL_WORKER_NICE` (0–19, default {@link WORKER_NICE}) is how many levels
 * below; 0 leaves workers at the event loop's priority.
 */
import { getPriority, setPriority } from 'node:os';

export const WORKER_NICE = 5;

/**
 * Lowers the calling thread's priority by `FL_WORKER_NICE` levels (never
 * past 19). Returns the levels applied; 0 when turned off, unsupported or
 * refused (the thread then simply runs at its inherited priority).
 */
export function lowerThisThread(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.FL_WORKER_NICE?.trim();
  const levels = raw ? Number(raw) : WORKER_NICE;
  if (!Number.isInteger(levels) || levels <= 0 || levels > 19) return 0;
  try {
    const from = getPriority();
    const to = Math.min(19, from + levels);
    setPriority(to);
    return to - from;
  } catch {
    return 0;
  }
}
