/**
 * @module topology/conv-math
 * Output lengths of convolutions, transposed convolutions and pooling, as
 * TF.js Layers computes them (`convOutputLength`, `deconvLength` in
 * tfjs-layers `utils/conv_utils`), and the normalisation of `kernel_size`-like
 * options (a number or a tuple).
 */
import { TopologyError } from './topology-error';

export type Padding = 'valid' | 'same' | 'causal';

/** `n` or `[n, …]` as a tuple of `rank` positive integers. */
export function tuple(v: unknown, rank: number, what: string): number[] {
  const xs = typeof v === 'number' ? Array<number>(rank).fill(v) : v;
  if (!Array.isArray(xs) || xs.length !== rank || !xs.every((x) => Number.isSafeInteger(x) && x > 0))
    throw new TopologyError('BAD_TOPOLOGY', `${what} must be a positive integer or ${rank} of them (got ${JSON.stringify(v)})`);
  return xs as number[];
}

/** Length along one axis after a convolution or pooling window. Null stays null (unknown length). */
export function convOutputLength(length: number | null, filter: number, padding: Padding, stride: number, dilation = 1): number | null {
  if (length === null) return null;
  const dilated = filter + (filter - 1) * (dilation - 1);
  const out = padding === 'valid' ? length - dilated + 1 : length;
  return Math.floor((out + stride - 1) / stride);
}

/** Length along one axis after a transposed convolution. */
export function deconvLength(length: number | null, stride: number, kernel: number, padding: Padding): number | null {
  if (length === null) return null;
  return padding === 'valid' ? length * stride + Math.max(kernel - stride, 0) : length * stride;
}
