/**
 * @module serving/lru-cache
 * Least-recently-used bookkeeping bounded by entry count and by bytes. It
 * holds keys and sizes only: the caller owns the values (here, models
 * loaded in a worker thread) and drops the keys `add` reports as evicted.
 * An entry larger than `maxBytes` on its own is still admitted (alone), so a
 * large model can be served at all.
 */
export class LruCache<K> {
  private readonly sizes = new Map<K, number>();
  private total = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
  ) {
    if (!(maxEntries >= 1) || !(maxBytes >= 1)) throw new RangeError('LruCache: maxEntries and maxBytes must be ≥ 1');
  }

  get size(): number {
    return this.sizes.size;
  }

  get bytes(): number {
    return this.total;
  }

  has(key: K): boolean {
    return this.sizes.has(key);
  }

  /** Marks `key` most recently used; false when absent. */
  touch(key: K): boolean {
    const size = this.sizes.get(key);
    if (size === undefined) return false;
    this.sizes.delete(key);
    this.sizes.set(key, size);
    return true;
  }

  /** Adds (or refreshes) `key`; returns the keys evicted to fit, oldest first. */
  add(key: K, bytes: number): K[] {
    this.delete(key);
    const evicted: K[] = [];
    for (const [k, s] of this.sizes) {
      if (this.sizes.size < this.maxEntries && this.total + bytes <= this.maxBytes) break;
      this.sizes.delete(k);
      this.total -= s;
      evicted.push(k);
    }
    this.sizes.set(key, bytes);
    this.total += bytes;
    return evicted;
  }

  delete(key: K): boolean {
    const size = this.sizes.get(key);
    if (size === undefined) return false;
    this.sizes.delete(key);
    this.total -= size;
    return true;
  }

  /** Keys, least recently used first. */
  keys(): K[] {
    return [...this.sizes.keys()];
  }
}
