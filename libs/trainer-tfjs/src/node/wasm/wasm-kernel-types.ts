/**
 * @module node/wasm/wasm-kernel-types
 * The slice of the wasm backend our kernels use, and a typed way to call the
 * kernels it ships (kernels compose by calling each other's `kernelFunc`
 * directly, as the built-in backends do, not through ops).
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { TrainerError } from '../../errors';

export type WasmBackend = BackendWasm;
export type Info = tf.TensorInfo;

export interface KernelArgs<A = Record<string, unknown>> {
  inputs: Record<string, Info>;
  attrs: A;
  backend: WasmBackend;
}

/** Runs a kernel the wasm backend registers, by name. */
export function wasmKernel(name: string, backend: WasmBackend, inputs: Record<string, Info>, attrs: object = {}): Info {
  const config = tf.getKernel(name, 'wasm');
  if (!config) throw new TrainerError('BACKEND_UNAVAILABLE', `the wasm backend has no '${name}' kernel`);
  return config.kernelFunc({ inputs, attrs: attrs as tf.NamedAttrMap, backend }) as Info;
}

/** Frees intermediate results. */
export function release(backend: WasmBackend, ...infos: (Info | null)[]): void {
  for (const t of infos) if (t) backend.disposeData(t.dataId);
}

/**
 * A zero-filled float32 output plus live Float32Array views of the given
 * inputs and of the output. Views are taken after the allocation, because a
 * malloc may grow (and so detach) the wasm heap; do not allocate while using them.
 */
export function outputWithViews(
  backend: WasmBackend,
  shape: number[],
  inputs: Info[],
): { out: Info; outView: Float32Array; views: Float32Array[] } {
  const out = backend.makeOutput(shape, 'float32');
  const outView = backend.typedArrayFromHeap(out) as Float32Array;
  outView.fill(0);
  const views = inputs.map((t) => {
    if (t.dtype !== 'float32') throw new TrainerError('INVALID_ARGUMENT', `expected a float32 input, got ${t.dtype}`);
    return backend.typedArrayFromHeap(t) as Float32Array;
  });
  return { out, outView, views };
}
