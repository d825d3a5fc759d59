/**
 * @module weights/model-weights
 * `ModelWeights`: a layout plus one flat Float32Array in canonical tensor
 * order, the single in-memory representation of models and updates.
 */
import type { TensorSpec } from '@fl/protocol';
import { WeightsError } from '../errors/weights-error';
import { parameterCount, tensorSize } from './layout';

export interface ModelWeights {
  layout: TensorSpec[];
  /** All tensors back to back, in layout order. Length = parameterCount(layout). */
  data: Float32Array;
}

/** One tensor of a `ModelWeights`, its data a view (no copy) into the flat vector. */
export interface TensorView extends TensorSpec {
  data: Float32Array;
}

/**
 * Builds weights for `layout`: zeros, or a check that `data` has the right length.
 * @throws WeightsError BAD_PAYLOAD (invalid layout) or WRONG_SHAPE (length mismatch).
 */
export function createWeights(layout: TensorSpec[], data?: Float32Array): ModelWeights {
  const n = parameterCount(layout);
  if (data === undefined) return { layout, data: new Float32Array(n) };
  if (data.length !== n) throw new WeightsError('WRONG_SHAPE', `layout has ${n} parameters, data has ${data.length}`);
  return { layout, data };
}

/** Per-tensor views (subarrays) of `w.data`, in layout order. */
export function tensorViews(w: ModelWeights): TensorView[] {
  const out: TensorView[] = [];
  let offset = 0;
  for (const t of w.layout) {
    const size = tensorSize(t.shape);
    out.push({ name: t.name, shape: t.shape, data: w.data.subarray(offset, offset + size) });
    offset += size;
  }
  if (offset !== w.data.length) throw new WeightsError('WRONG_SHAPE', `layout has ${offset} parameters, data has ${w.data.length}`);
  return out;
}
