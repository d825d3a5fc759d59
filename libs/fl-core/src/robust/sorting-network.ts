/**
 * @module robust/sorting-network
 * Batcher's odd–even merge sorting network (Batcher, "Sorting networks and
 * their applications", AFIPS 1968; Knuth, TAOCP vol. 3, §5.3.4) for n inputs:
 * the network for the next power of two, keeping only the compare-exchanges
 * between inputs < n (the missing inputs act as +∞ that never move, so those
 * comparisons are no-ops). O(n·log²n) compare-exchanges, no data-dependent
 * branches: the wasm kernel applies it to four coordinates at once.
 */

/** The compare-exchange pairs [i, j] (i < j: min to i, max to j), in order. */
export function oddEvenMergeNetwork(n: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  let size = 1;
  while (size < n) size <<= 1;
  for (let p = 1; p < size; p <<= 1)
    for (let k = p; k >= 1; k >>= 1)
      for (let j = k % p; j + k < size; j += 2 * k)
        for (let i = 0; i < Math.min(k, size - j - k); i++) {
          const a = i + j;
          const b = i + j + k;
          if (Math.floor(a / (2 * p)) === Math.floor(b / (2 * p)) && b < n) pairs.push([a, b]);
        }
  return pairs;
}
