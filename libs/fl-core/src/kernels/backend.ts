/**
 * @module kernels/backend
 * Which implementation fl-core's hot loops use: `'wasm'` (WebAssembly SIMD
 * kernels) or `'js'` (plain loops). The default, `'auto'`, picks wasm when
 * `wasmSimdSupported()`. Objects that own wasm memory (WeightedDeltaSum) pick
 * once, at construction; free functions check on every call.
 */
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { wasmSimdSupported } from './simd-support';

export type KernelBackend = 'wasm' | 'js';
export type KernelBackendSetting = KernelBackend | 'auto';

let setting: KernelBackendSetting = 'auto';

/** The backend in effect now. */
export function kernelBackend(): KernelBackend {
  if (setting === 'auto') return wasmSimdSupported() ? 'wasm' : 'js';
  return setting;
}

/**
 * Forces a backend (tests, benchmarks, troubleshooting) or restores `'auto'`.
 * @throws InvalidArgumentError for an unknown value or `'wasm'` without SIMD support.
 */
export function setKernelBackend(value: KernelBackendSetting): void {
  if (value !== 'auto' && value !== 'wasm' && value !== 'js')
    throw new InvalidArgumentError('setKernelBackend', [`backend must be 'auto', 'wasm' or 'js' (got ${String(value)})`]);
  if (value === 'wasm' && !wasmSimdSupported())
    throw new InvalidArgumentError('setKernelBackend', ['this engine has no WebAssembly SIMD support']);
  setting = value;
}
