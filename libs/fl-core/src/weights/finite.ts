/**
 * @module weights/finite
 * Fast NaN / ±Inf scan. Float32Array and Float64Array inputs of 256+ elements
 * go to the WebAssembly SIMD kernel when the backend is wasm (kernels/
 * streamed-kernels: in place when already in wasm memory, else streamed
 * through a cache-sized scratch; ~10× the JS loop); anything else runs the JS
 * loop, where `x - x` is 0 for every finite x and NaN otherwise.
 */
import { kernelBackend } from '../kernels/backend';
import { firstNonFiniteJs } from '../kernels/js-kernels';
import { wasmFirstNonFinite } from '../kernels/streamed-kernels';

/** Below this length the JS loop beats the call and copy overhead. */
const WASM_MIN_LENGTH = 256;

function isFloatArray(a: ArrayLike<number>): a is Float32Array | Float64Array {
  const tag = Object.prototype.toString.call(a);
  return tag === '[object Float32Array]' || tag === '[object Float64Array]';
}

/** Index of the first NaN or ±Inf in `a`, or -1 when every element is finite. */
export function firstNonFinite(a: ArrayLike<number>): number {
  if (a.length >= WASM_MIN_LENGTH && isFloatArray(a) && kernelBackend() === 'wasm') return wasmFirstNonFinite(a);
  return firstNonFiniteJs(a);
}

/** True when every element of `a` is finite. */
export function allFinite(a: ArrayLike<number>): boolean {
  return firstNonFinite(a) === -1;
}
