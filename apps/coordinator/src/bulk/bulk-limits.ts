/**
 * @module bulk/bulk-limits
 * The bulk worker's admission bookkeeping, so that no client, authenticated
 * or not, can make it hold unbounded connections or buffers:
 * - TCP connections per remote address and overall (common/connection-limit)
 *   — over the limit the connection is closed at once;
 * - requests in flight per claimed client id — over the limit, 429
 *   TOO_MANY_REQUESTS;
 * - at most one upload in flight per task — a second, 409 UPLOAD_IN_PROGRESS.
 * Every count is released when its connection or request closes, however it
 * ends (completed, refused, timed out, reset), so a cut-off sender's task
 * is free for its honest retry at once.
 */

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
