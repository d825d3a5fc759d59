/**
 * @module kernels/js-kernels
 * Plain-JS versions of the wasm kernels: the fallback where WebAssembly SIMD
 * is unavailable, and the reference the SIMD kernels are tested against (bit
 * for bit). Same arithmetic, in doubles, as kernels.wat.
 */

/** Index of the first NaN/±Inf in a[from, to), or -1. `x - x` is 0 exactly for finite x. */
export function firstNonFiniteJs(a: ArrayLike<number>, from = 0, to = a.length): number {
  for (let i = from; i < to; i++) {
    const x = a[i];
    if (x - x !== 0) return i;
  }
  return -1;
}

/** s[i] += w·(x[i] − g[i]). No check. */
export function accumulateJs(s: Float64Array, x: Float32Array, g: Float32Array, w: number): void {
  const n = s.length;
  for (let i = 0; i < n; i++) s[i] += w * (x[i] - g[i]);
}

/** dst[i] = src[i] / d; returns the first non-finite index of dst or -1. */
export function divideJs(dst: Float64Array, src: ArrayLike<number>, d: number): number {
  const n = dst.length;
  for (let i = 0; i < n; i++) dst[i] = src[i] / d;
  return firstNonFiniteJs(dst);
}

/** dst[i] = f32(g[i] + scale·delta[i]); returns the first non-finite index of dst or -1. */
export function applyJs(dst: Float32Array, g: Float32Array, delta: ArrayLike<number>, scale: number): number {
  const n = dst.length;
  for (let i = 0; i < n; i++) dst[i] = g[i] + scale * delta[i];
  return firstNonFiniteJs(dst);
}
