/**
 * @module robust/coordinate-wise
 * Applies a per-coordinate rule (median, trimmed mean, Bulyan's averaging)
 * to n update vectors of P coordinates each. The updates are transposed in
 * blocks of {@link BLOCK} coordinates into one Float64 scratch buffer (column
 * j of the block at [j·n, j·n + n)), so the rule reads contiguous memory and
 * the scratch buffer (BLOCK·n·8 bytes, 1 MiB at n = 64) stays in cache. The
 * rule may reorder its column.
 */

/** Coordinates per transposed block. */
export const BLOCK = 2048;

/** One coordinate's rule: the result for the n values at col[off..off+n). */
export type ColumnRule = (col: Float64Array, off: number, n: number) => number;

/** out[i] = rule(values of coordinate i across `updates`), Float64. Every update must have length P. */
export function coordinateWise(updates: readonly Float32Array[], P: number, rule: ColumnRule): Float64Array {
  const n = updates.length;
  const out = new Float64Array(P);
  const scratch = new Float64Array(BLOCK * n);
  for (let start = 0; start < P; start += BLOCK) {
    const len = Math.min(BLOCK, P - start);
    for (let k = 0; k < n; k++) {
      const u = updates[k];
      for (let j = 0, at = k; j < len; j++, at += n) scratch[at] = u[start + j];
    }
    for (let j = 0, off = 0; j < len; j++, off += n) out[start + j] = rule(scratch, off, n);
  }
  return out;
}
