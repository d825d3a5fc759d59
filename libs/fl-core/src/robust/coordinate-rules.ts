/**
 * @module robust/coordinate-rules
 * The coordinate-wise rules of the robust strategies, on whichever kernels
 * the backend selects (kernels/backend): WebAssembly SIMD sorting networks
 * over transposed blocks (robust/wasm-robust) or the plain-JS quickselect
 * reference (robust/coordinate-wise, robust/column-select). Both give the
 * same values; sums may differ in the last bits because the wasm path adds
 * the kept values in sorted order.
 */
import { kernelBackend } from '../kernels/backend';
import { medianInPlace, trimmedMeanInPlace, insertionSort } from './column-select';
import { coordinateWise } from './coordinate-wise';
import { pairwiseSquaredDistances } from './pairwise-distances';
import { pairwiseSquaredDistancesWasm, sortedColumnsWasm } from './wasm-robust';

const wasm = () => kernelBackend() === 'wasm';

/** Per coordinate: the median (mean of the two middle values for even n). */
export function coordinateMedian(updates: readonly Float32Array[], P: number): Float64Array {
  if (!wasm()) return coordinateWise(updates, P, medianInPlace);
  const h = updates.length >> 1;
  if (updates.length & 1) return sortedColumnsWasm(updates, P, (c, b) => c[b + 4 * h]);
  return sortedColumnsWasm(updates, P, (c, b) => (c[b + 4 * (h - 1)] + c[b + 4 * h]) / 2);
}

/** Per coordinate: the mean after dropping the `trim` smallest and `trim` largest values. */
export function coordinateTrimmedMean(updates: readonly Float32Array[], P: number, trim: number): Float64Array {
  if (!wasm()) return coordinateWise(updates, P, (col, off, n) => trimmedMeanInPlace(col, off, n, trim));
  return sortedColumnsWasm(updates, P, (c, b, n) => {
    let s = 0;
    for (let r = trim; r < n - trim; r++) s += c[b + 4 * r];
    return s / (n - 2 * trim);
  });
}

/**
 * Mean of the `beta` values of a sorted column closest to its median
 * (`at(r)` reads rank r): a run grown from the median position towards the
 * closer neighbour (ties: the lower one).
 */
function aroundMedian(at: (r: number) => number, n: number, beta: number): number {
  const h = n >> 1;
  const med = n & 1 ? at(h) : (at(h - 1) + at(h)) / 2;
  let l = h;
  let r = h;
  let s = 0;
  for (let taken = 0; taken < beta; taken++) {
    const left = l > 0 ? med - at(l - 1) : Infinity;
    const right = r < n ? at(r) - med : Infinity;
    if (left <= right) s += at(--l);
    else s += at(r++);
  }
  return s / beta;
}

/** Mean of the `beta` values of col[off..off+n) closest to their median. Sorts the range. */
export function meanAroundMedian(col: Float64Array, off: number, n: number, beta: number): number {
  insertionSort(col, off, off + n - 1);
  return aroundMedian((r) => col[off + r], n, beta);
}

/** Per coordinate: the mean of the `beta` values closest to the median (Bulyan's second step). */
export function coordinateMeanAroundMedian(updates: readonly Float32Array[], P: number, beta: number): Float64Array {
  if (!wasm()) return coordinateWise(updates, P, (col, off, n) => meanAroundMedian(col, off, n, beta));
  return sortedColumnsWasm(updates, P, (c, b, n) => aroundMedian((r) => c[b + 4 * r], n, beta));
}

/** The n×n squared-distance matrix (robust/pairwise-distances). */
export function squaredDistances(updates: readonly Float32Array[], P: number): Float64Array {
  return wasm() ? pairwiseSquaredDistancesWasm(updates, P) : pairwiseSquaredDistances(updates, P);
}
