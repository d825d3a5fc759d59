/**
 * @module weights/model-weights
 * TF.js model ⇄ `ModelWeights` (fl-core's flat Float32Array in canonical
 * tensor order). The canonical order is `model.getWeights()` order (trainable
 * and non-trainable, e.g. BatchNorm moving statistics, which FedAvg averages
 * too: McMahan et al., AISTATS 2017). Tensor names are the variables' scoped original
 * names (`conv1/kernel`), which do not carry TF.js's per-process uniquifying
 * suffixes, so layouts match across processes.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorSpec } from '@fl/protocol';
import { layoutsEqual, type ModelWeights, parameterCount, tensorSize } from '@fl/fl-core';
import { TrainerError } from '../errors';

interface NamedWeight {
  originalName?: string;
  name: string;
  shape: number[];
  dtype: string;
}

/** Names and shapes of the model's weights, in `model.getWeights()` order. */
export function modelLayout(model: tf.LayersModel): TensorSpec[] {
  return (model.weights as unknown as NamedWeight[]).map((w) => ({ name: w.originalName ?? w.name, shape: [...w.shape] }));
}

/** Describes the first difference between two layouts known to differ (for error messages). */
function layoutMismatch(a: TensorSpec[], b: TensorSpec[]): string {
  if (a.length !== b.length) return `model has ${a.length} tensors, weights have ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    if (!layoutsEqual([a[i]], [b[i]]))
      return `tensor ${i}: model has ${a[i].name} ${JSON.stringify(a[i].shape)}, weights have ${b[i].name} ${JSON.stringify(b[i].shape)}`;
  }
  return 'layouts differ';
}

/** Copies the model's weights into one flat vector (float32; other dtypes are cast). */
export function getModelWeights(model: tf.LayersModel): ModelWeights {
  const layout = modelLayout(model);
  const data = new Float32Array(parameterCount(layout));
  const tensors = model.getWeights();
  let offset = 0;
  for (const t of tensors) {
    const values = t.dataSync();
    data.set(values, offset);
    offset += values.length;
  }
  return { layout, data };
}

/**
 * Loads flat weights into the model.
 * @throws TrainerError WRONG_SHAPE unless the layout equals `modelLayout(model)`
 *   and the data length equals its parameter count.
 */
export function setModelWeights(model: tf.LayersModel, w: ModelWeights): void {
  const layout = modelLayout(model);
  if (!layoutsEqual(layout, w.layout))
    throw new TrainerError('WRONG_SHAPE', `setModelWeights: ${layoutMismatch(layout, w.layout)}`);
  const n = parameterCount(layout);
  if (w.data.length !== n) throw new TrainerError('WRONG_SHAPE', `setModelWeights: layout has ${n} parameters, data has ${w.data.length}`);
  const dtypes = (model.weights as unknown as NamedWeight[]).map((v) => v.dtype);
  const tensors: tf.Tensor[] = [];
  let offset = 0;
  try {
    layout.forEach((spec, i) => {
      const size = tensorSize(spec.shape);
      // slice, not subarray: the cpu backend keeps the array it is given, and the
      // variables end up sharing it.
      const t = tf.tensor(w.data.slice(offset, offset + size), spec.shape, 'float32');
      tensors.push(dtypes[i] === 'float32' ? t : tf.cast(t, dtypes[i] as tf.DataType));
      if (dtypes[i] !== 'float32') t.dispose();
      offset += size;
    });
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}
