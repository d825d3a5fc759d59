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

/**
 * Σ d[i]² for d[i] = f32(x[i] − g[i]), in the wasm kernel's order: four lanes
 * over elements 4j..4j+3, ((a0 + a1) + (a2 + a3)), then the tail in order.
 * NaN/+Inf when some d[i] is not finite.
 */
export function sumSqDeltaJs(x: Float32Array, g: Float32Array): number {
  const n = x.length;
  const end = n & ~3;
  let a0 = 0;
  let a1 = 0;
  let a2 = 0;
  let a3 = 0;
  let i = 0;
  for (; i < end; i += 4) {
    const d0 = Math.fround(x[i] - g[i]);
    const d1 = Math.fround(x[i + 1] - g[i + 1]);
    const d2 = Math.fround(x[i + 2] - g[i + 2]);
    const d3 = Math.fround(x[i + 3] - g[i + 3]);
    a0 += d0 * d0;
    a1 += d1 * d1;
    a2 += d2 * d2;
    a3 += d3 * d3;
  }
  let t = a0 + a1 + (a2 + a3);
  for (; i < n; i++) {
    const d = Math.fround(x[i] - g[i]);
    t += d * d;
  }
  return t;
}

/** s[i] += w·f32(f32(x[i] − g[i])·c): Δ kept as Float32, scaled there by c, added with weight w. No check. */
export function clipAccumulateJs(s: Float64Array, x: Float32Array, g: Float32Array, w: number, c: number): void {
  const n = s.length;
  for (let i = 0; i < n; i++) s[i] += w * Math.fround(Math.fround(x[i] - g[i]) * c);
}
