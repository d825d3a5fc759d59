/**
 * @module train/batches
 * Copies the rows of one mini-batch (in permutation order) out of a dataset
 * into TF.js tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { type Dataset, featureSize } from '../data/dataset';

/** Features `[b, ...featureShape]` and int32 labels `[b]` for `order[start, end)`. */
export function makeBatch(data: Dataset, order: ArrayLike<number>, start: number, end: number): { x: tf.Tensor; y: tf.Tensor1D } {
  const f = featureSize(data.featureShape);
  const b = end - start;
  const xs = new Float32Array(b * f);
  const ys = new Int32Array(b);
  for (let k = 0; k < b; k++) {
    const i = order[start + k];
    xs.set(data.x.subarray(i * f, (i + 1) * f), k * f);
    ys[k] = data.y[i];
  }
  return { x: tf.tensor(xs, [b, ...data.featureShape], 'float32'), y: tf.tensor1d(ys, 'int32') };
}
