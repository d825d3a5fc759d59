/**
 * @module robust/column-select
 * In-place selection on a short run of a Float64Array (one coordinate's
 * values across clients): Hoare's quickselect (Hoare, CACM 1961, Algorithm 65
 * "FIND") with a median-of-three pivot, and insertion sort for short runs.
 * No allocation, no comparator callbacks: these run once per coordinate.
 */

/** Sorts a[lo..hi] (inclusive) ascending, in place. */
export function insertionSort(a: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= lo && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

/**
 * Rearranges a[lo..hi] (inclusive) so that a[k] holds the value it would
 * have if the range were sorted, everything in [lo, k) is ≤ a[k] and
 * everything in (k, hi] is ≥ a[k]. Values must not be NaN.
 */
export function selectInPlace(a: Float64Array, lo: number, hi: number, k: number): void {
  while (hi - lo > 16) {
    const mid = (lo + hi) >>> 1;
    // median of three to a[mid]; a[lo] ≤ a[mid] ≤ a[hi] afterwards
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    // [lo, j] ≤ pivot ≤ [i, hi]; entries strictly between j and i equal the pivot
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
  insertionSort(a, lo, hi);
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** The largest of a[lo..hi] (inclusive). */
export function maxOf(a: Float64Array, lo: number, hi: number): number {
  let m = a[lo];
  for (let i = lo + 1; i <= hi; i++) if (a[i] > m) m = a[i];
  return m;
}

/**
 * Median of a[off..off+n): the middle value, or the mean of the two middle
 * values when n is even. Reorders the range.
 */
export function medianInPlace(a: Float64Array, off: number, n: number): number {
  const hi = off + n - 1;
  const k = off + (n >> 1);
  selectInPlace(a, off, hi, k);
  if (n & 1) return a[k];
  return (maxOf(a, off, k - 1) + a[k]) / 2;
}

/**
 * Mean of a[off..off+n) after dropping the `trim` smallest and the `trim`
 * largest values (n − 2·trim ≥ 1). Reorders the range.
 */
export function trimmedMeanInPlace(a: Float64Array, off: number, n: number, trim: number): number {
  const hi = off + n - 1;
  if (trim > 0) {
    selectInPlace(a, off, hi, off + trim); // [off, off+trim) are the trim smallest
    selectInPlace(a, off + trim, hi, hi - trim); // (hi−trim, hi] are the trim largest
  }
  let s = 0;
  for (let i = off + trim; i <= hi - trim; i++) s += a[i];
  return s / (n - 2 * trim);
}
