/**
 * @module simulation/memory
 * What an idle virtual client costs: the process's resident set and V8 heap
 * before the clients exist and once they are all connected and idle, the
 * difference divided by their number (docs/simulation.md). Each sample
 * collects garbage first when node runs with `--expose-gc` (the `simulate`
 * script does), so it counts live memory, not garbage waiting.
 */

export interface MemorySample {
  rss: number;
  heapUsed: number;
}

export function memorySample(): MemorySample {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

/** (after − before) / n in KiB, one decimal: the memory each of `n` clients added. */
export function perClientKB(before: MemorySample, after: MemorySample, n: number): { rssPerIdleClientKB: number; heapPerIdleClientKB: number } {
  const kb = (bytes: number) => Math.round((bytes / 1024 / Math.max(1, n)) * 10) / 10;
  return { rssPerIdleClientKB: kb(after.rss - before.rss), heapPerIdleClientKB: kb(after.heapUsed - before.heapUsed) };
}
