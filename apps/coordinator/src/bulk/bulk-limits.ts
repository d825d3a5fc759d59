/**
 * @module bulk/bulk-limits
 * The bulk worker's admission bookkeeping, so that no client, authenticated
 * or not, can make it hold unbounded connections or buffers:
 * - TCP connections per remote address (and, through `server.maxConnections`,
 *   overall) — over the limit the connection is closed at once;
 * - requests in flight per claimed client id — over the limit, 429
 *   TOO_MANY_REQUESTS;
 * - at most one upload in flight per task — a second, 409 UPLOAD_IN_PROGRESS.
 * Every count is released when its connection or request closes, however it
 * ends (completed, refused, timed out, reset), so a cut-off sender's task
 * is free for its honest retry at once.
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

/** Runs `release` once, on the first of `emitter`'s `close` or an explicit call. */
export function releaseOnce(emitter: { once(event: 'close', fn: () => void): unknown }, release: () => void): () => void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    release();
  };
  emitter.once('close', once);
  return once;
}
