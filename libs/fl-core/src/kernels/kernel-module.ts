/**
 * @module kernels/kernel-module
 * The compiled kernel module (`kernels.wat` → `kernels.wasm.ts`), compiled
 * once and synchronously on first use (2 KB: fine on the main thread), and
 * the typed shape of its exports. Pointers are byte offsets into the
 * instance's own memory, counts are elements; see kernels.wat.
 */
import { decodeBase64 } from './base64';
import { KERNELS_WASM_BASE64 } from './kernels.wasm';

export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  /** Index of the first NaN/±Inf among n f32 at p, or -1. */
  first_nonfinite_f32(p: number, n: number): number;
  /** Index of the first NaN/±Inf among n f64 at p, or -1. */
  first_nonfinite_f64(p: number, n: number): number;
  /** Scans x, then s[i] += w·(x[i] − g[i]); returns the first bad index of x (s untouched) or -1. */
  accumulate(s: number, x: number, g: number, n: number, w: number): number;
  accumulate_unchecked(s: number, x: number, g: number, n: number, w: number): void;
  accumulate4_unchecked(s: number, x1: number, x2: number, x3: number, x4: number, g: number, n: number, w1: number, w2: number, w3: number, w4: number): void;
  /** Σ f32(x[i] − g[i])² in f64, four lanes (see kernels.wat); NaN/+Inf when a difference is not finite. */
  sum_sq_delta_f32(x: number, g: number, n: number): number;
  /** s[i] += w·f32(f32(x[i] − g[i])·c). No check. */
  clip_accumulate_unchecked(s: number, x: number, g: number, n: number, w: number, c: number): void;
  clip_accumulate4_unchecked(
    s: number, x1: number, x2: number, x3: number, x4: number, g: number, n: number,
    w1: number, w2: number, w3: number, w4: number, c1: number, c2: number, c3: number, c4: number,
  ): void;
  /** dst[i] = src[i] / d (f64); returns the first non-finite index of dst or -1. */
  div_f64(dst: number, src: number, n: number, d: number): number;
  /** dst[i] = f32(g[i] + scale·delta[i]) (dst, g f32; delta f64); returns the first non-finite index of dst or -1. */
  apply_f32(dst: number, g: number, delta: number, n: number, scale: number): number;
}

let compiled: WebAssembly.Module | undefined;

/** The compiled module (cached). Requires WebAssembly SIMD: check `wasmSimdSupported()` first. */
export function kernelModule(): WebAssembly.Module {
  if (!compiled) compiled = new WebAssembly.Module(decodeBase64(KERNELS_WASM_BASE64));
  return compiled;
}

/** A fresh instance with its own 64 KiB memory. */
export function instantiateKernels(): KernelExports {
  return new WebAssembly.Instance(kernelModule(), {}).exports as unknown as KernelExports;
}
