/**
 * @module clients/auth-rate-limiter
 * A token bucket per source address for client authentication attempts:
 * `perMinute` tokens refill per minute, up to a burst of the same size.
 * Memory is bounded: at most `maxAddresses` buckets are kept; when full, the
 * oldest-touched bucket is forgotten (a forgotten address starts full again,
 * which only ever errs towards letting one address in, never towards
 * unbounded growth).
 */
export class AuthRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly maxAddresses = 10_000,
  ) {}

  /** Takes one attempt for `address`; false when it has none left. */
  take(address: string, now = Date.now()): boolean {
    const rate = this.perMinute / 60_000;
    const prev = this.buckets.get(address);
    const tokens = prev ? Math.min(this.perMinute, prev.tokens + (now - prev.at) * rate) : this.perMinute;
    this.buckets.delete(address); // re-inserted last: Map order is least recently touched first
    if (tokens < 1) {
      this.buckets.set(address, { tokens, at: now });
      return false;
    }
    this.buckets.set(address, { tokens: tokens - 1, at: now });
    if (this.buckets.size > this.maxAddresses) this.buckets.delete(this.buckets.keys().next().value as string);
    return true;
  }

  get size(): number {
    return this.buckets.size;
  }
}
