/**
 * @module weights/finite
 * Fast NaN / ±Inf scan. `x - x` is 0 for every finite x and NaN otherwise, so
 * one subtraction and one compare per element, no function calls.
 */

/** Index of the first NaN or ±Inf in `a`, or -1 when every element is finite. */
export function firstNonFinite(a: ArrayLike<number>): number {
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    if (x - x !== 0) return i;
  }
  return -1;
}

/** True when every element of `a` is finite. */
export function allFinite(a: ArrayLike<number>): boolean {
  return firstNonFinite(a) === -1;
}
