/**
 * @module train/evaluate
 * Loss and accuracy of a model on a dataset (inference mode, in batches).
 */
import * as tf from '@tensorflow/tfjs';
import { TrainerError } from '../errors';
import { checkDataset, type Dataset } from '../data/dataset';
import { makeBatch } from './batches';
import { checkFits, lossAndCorrect, outputKind } from './model-io';

export interface EvalResult {
  /** Mean cross-entropy over all examples. */
  loss: number;
  accuracy: number;
  numExamples: number;
}

/**
 * @param batchSize examples per forward pass (memory only; the result does not depend on it).
 * @throws TrainerError INVALID_DATA for an empty or mismatched dataset.
 */
export function evaluate(model: tf.LayersModel, data: Dataset, batchSize = 256): EvalResult {
  checkDataset(data);
  if (data.count === 0) throw new TrainerError('INVALID_DATA', `dataset '${data.name}' is empty`);
  checkFits(model, data);
  const kind = outputKind(model);
  const order = new Int32Array(data.count).map((_, i) => i);
  let loss = 0;
  let correct = 0;
  for (let start = 0; start < data.count; start += batchSize) {
    const end = Math.min(start + batchSize, data.count);
    const [l, c] = tf.tidy(() => {
      const { x, y } = makeBatch(data, order, start, end);
      const out = model.apply(x, { training: false }) as tf.Tensor;
      const r = lossAndCorrect(kind, out, y, data.numClasses);
      return tf.stack([r.loss, tf.cast(r.correct, 'float32')]).dataSync();
    });
    loss += l * (end - start);
    correct += c;
  }
  return { loss: loss / data.count, accuracy: correct / data.count, numExamples: data.count };
}
