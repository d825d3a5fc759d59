/**
 * @module common/counter
 * Counts per key with a ceiling: the admission bookkeeping of the connection
 * limits (common/connection-limit) and of the bulk channel (bulk/bulk-limits).
 */

/** Counts per key with a ceiling; `take` fails when the key is at it. */
export class Counter {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  take(key: string): boolean {
    const n = this.counts.get(key) ?? 0;
    if (n >= this.max) return false;
    this.counts.set(key, n + 1);
    return true;
  }

  release(key: string): void {
    const n = (this.counts.get(key) ?? 0) - 1;
    if (n > 0) this.counts.set(key, n);
    else this.counts.delete(key);
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Keys with anything taken. */
  get size(): number {
    return this.counts.size;
  }
}
