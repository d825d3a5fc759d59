/**
 * @module common/address-window-counter
 * Counts events per source address in fixed windows (`windowMs`, starting at
 * an address's first event in the window), with a hard cap on the addresses
 * tracked. The one per-address limiter of the coordinator: failed admin
 * authentications (`auth/auth-failure-limiter`) and edge-client `client:hello`
 * attempts (`clients/client-sockets.service`) both count here.
 *
 * Memory is bounded by construction: at most `maxAddresses` entries; adding
 * one more forgets the least recently touched (Map insertion order). A
 * forgotten address starts again at zero, which only ever errs towards
 * letting that address in, never towards unbounded growth; with the cap far
 * above the addresses seen in one window it does not happen in practice.
 * Expired windows are recycled lazily: no timer, nothing to shut down.
 */
export const DEFAULT_MAX_ADDRESSES = 10_000;

interface Window {
  count: number;
  /** When this address's current window ends (ms since the epoch). */
  resetAt: number;
}

export class AddressWindowCounter {
  private readonly windows = new Map<string, Window>();

  constructor(
    /** Events allowed per address and window. */
    readonly limit: number,
    readonly windowMs = 60_000,
    readonly maxAddresses = DEFAULT_MAX_ADDRESSES,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer (got ${limit})`);
    if (!(windowMs > 0)) throw new RangeError(`windowMs must be positive (got ${windowMs})`);
    if (!Number.isInteger(maxAddresses) || maxAddresses < 1) throw new RangeError(`maxAddresses must be a positive integer (got ${maxAddresses})`);
  }

  /** Events counted for `address` in its current window (0 once the window ended). */
  count(address: string, now = Date.now()): number {
    const w = this.windows.get(address);
    return w && now < w.resetAt ? w.count : 0;
  }

  /** True when `address` has used its `limit` for the current window. */
  blocked(address: string, now = Date.now()): boolean {
    return this.count(address, now) >= this.limit;
  }

  /** Counts one event for `address`; returns its count in the window, this one included. */
  hit(address: string, now = Date.now()): number {
    const prev = this.windows.get(address);
    const w = prev && now < prev.resetAt ? { count: prev.count + 1, resetAt: prev.resetAt } : { count: 1, resetAt: now + this.windowMs };
    this.windows.delete(address); // re-inserted last: Map order is least recently touched first
    this.windows.set(address, w);
    if (this.windows.size > this.maxAddresses) this.windows.delete(this.windows.keys().next().value as string);
    return w.count;
  }

  /** Counts one attempt unless the address is already at its limit; false (nothing counted) when it is. */
  take(address: string, now = Date.now()): boolean {
    if (this.blocked(address, now)) return false;
    this.hit(address, now);
    return true;
  }

  /** Addresses tracked (never above `maxAddresses`). */
  get size(): number {
    return this.windows.size;
  }
}
