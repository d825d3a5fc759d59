/**
 * @module node/wasm/register-wasm-kernels
 * Kernels for the 'wasm' backend of TF.js 4.22.
 *
 * Missing kernels that training needs (found by diffing the wasm kernel
 * registry against the cpu backend's, and by training the built-in CNN one
 * step, which fails with "Kernel 'Conv2DBackpropFilter' not registered"):
 *
 * | kernel                              | needed for                       | implementation                    |
 * |-------------------------------------|----------------------------------|-----------------------------------|
 * | Conv2DBackpropFilter                | every conv2d layer's kernel grad | composed: Transpose + Conv2D (XNNPACK) |
 * | DepthwiseConv2dNativeBackpropFilter | depthwise / separable conv       | direct loop on the heap           |
 * | DepthwiseConv2dNativeBackpropInput  | depthwise / separable conv       | direct loop on the heap           |
 * | UnsortedSegmentSum                  | gather grad (embeddings)         | direct loop on the heap           |
 *
 * Shipped kernels replaced because they are slow (opt out with `replaceSlow: false`):
 *
 * | Conv2DBackpropInput | composed: Reverse + Transpose (+ PadV2 for strides) + Conv2D; shipped kernel as fallback |
 * | MaxPoolGrad         | direct loop on the heap                                                                  |
 *
 * Kernels the installed wasm backend already has are not touched (except
 * the replacements). Idempotent.
 */
import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterWasm } from './conv2d-backprop-filter';
import { makeConv2DBackpropInputWasm } from './conv2d-backprop-input';
import { depthwiseBackpropFilterWasm, depthwiseBackpropInputWasm } from './depthwise-backprop';
import { maxPoolGradWasm } from './max-pool-grad';
import { unsortedSegmentSumWasm } from './unsorted-segment-sum';

const MISSING: Record<string, (args: never) => tf.TensorInfo> = {
  Conv2DBackpropFilter: conv2DBackpropFilterWasm,
  DepthwiseConv2dNativeBackpropFilter: depthwiseBackpropFilterWasm,
  DepthwiseConv2dNativeBackpropInput: depthwiseBackpropInputWasm,
  UnsortedSegmentSum: unsortedSegmentSumWasm,
};

/** Names of the kernels provided because wasm lacks them. */
export const WASM_GRADIENT_KERNELS = Object.keys(MISSING);
/** Names of the shipped kernels replaced by faster ones. */
export const WASM_REPLACED_KERNELS = ['Conv2DBackpropInput', 'MaxPoolGrad'];

const MARK = Symbol.for('fl.trainer-tfjs.kernel');
type Marked = tf.KernelConfig & { [MARK]?: true };

function isOurs(config: tf.KernelConfig | undefined): boolean {
  return Boolean(config && (config as Marked)[MARK]);
}

function register(kernelName: string, kernelFunc: unknown, setupFunc?: tf.KernelSetupFunc): void {
  const config: Marked = { kernelName, backendName: 'wasm', kernelFunc: kernelFunc as tf.KernelFunc, setupFunc };
  config[MARK] = true;
  tf.registerKernel(config);
}

/**
 * Registers the missing kernels and (unless `replaceSlow` is false) the faster replacements.
 * @returns the kernel names registered by this call.
 */
export function registerWasmGradientKernels(opts: { replaceSlow?: boolean } = {}): string[] {
  const added: string[] = [];
  for (const [name, fn] of Object.entries(MISSING)) {
    if (tf.getKernel(name, 'wasm')) continue;
    register(name, fn);
    added.push(name);
  }
  if (opts.replaceSlow === false) return added;
  for (const name of WASM_REPLACED_KERNELS) {
    const shipped = tf.getKernel(name, 'wasm');
    if (!shipped || isOurs(shipped)) continue;
    tf.unregisterKernel(name, 'wasm');
    // Keep the shipped setupFunc: it binds the wasm function the fallback path calls.
    if (name === 'Conv2DBackpropInput') register(name, makeConv2DBackpropInputWasm(shipped.kernelFunc), shipped.setupFunc);
    else register(name, maxPoolGradWasm, shipped.setupFunc);
    added.push(name);
  }
  return added;
}
