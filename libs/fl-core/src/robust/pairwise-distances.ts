/**
 * @module robust/pairwise-distances
 * The n×n matrix of squared Euclidean distances ‖Δ_i − Δ_j‖² between
 * updates, built once per round (Krum's O(n²·P) cost; Blanchard et al.,
 * NeurIPS 2017). Each entry is a sum of squared coordinate differences in
 * Float64, so it is never negative and is exactly 0 for identical updates:
 * unlike ‖a‖² + ‖b‖² − 2a·b, near-identical updates cannot produce tiny
 * negative values (and no square root is ever taken). Pairs are summed over
 * blocks of coordinates so that all n updates' block stays in cache.
 */

const BLOCK = 4096;

/** Row-major n×n Float64 matrix, symmetric, zero diagonal. */
export function pairwiseSquaredDistances(updates: readonly Float32Array[], P: number): Float64Array {
  const n = updates.length;
  const d = new Float64Array(n * n);
  for (let start = 0; start < P; start += BLOCK) {
    const end = Math.min(P, start + BLOCK);
    for (let i = 0; i < n; i++) {
      const a = updates[i];
      for (let j = i + 1; j < n; j++) {
        const b = updates[j];
        let s0 = 0;
        let s1 = 0;
        let c = start;
        for (; c + 1 < end; c += 2) {
          const x = a[c] - b[c];
          const y = a[c + 1] - b[c + 1];
          s0 += x * x;
          s1 += y * y;
        }
        if (c < end) {
          const x = a[c] - b[c];
          s0 += x * x;
        }
        d[i * n + j] += s0 + s1;
      }
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) d[j * n + i] = d[i * n + j];
  return d;
}
