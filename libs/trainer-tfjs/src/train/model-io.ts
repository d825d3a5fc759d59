/**
 * @module train/model-io
 * What a dataset must look like to feed a model, and the loss the trainer
 * uses for it. A model ending in softmax outputs probabilities (categorical
 * cross-entropy on them, clipped as Keras does); one ending in a linear layer
 * outputs logits (softmax cross-entropy on them). Labels are class indices.
 */
import * as tf from '@tensorflow/tfjs';
import { TrainerError } from '../errors';
import type { Dataset } from '../data/dataset';

export type OutputKind = 'probabilities' | 'logits';

interface ActivationConfig {
  activation?: unknown;
}

/** Whether the model's last layer applies softmax (probabilities) or nothing (logits). */
export function outputKind(model: tf.LayersModel): OutputKind {
  const layers = model.layers;
  const last = layers[layers.length - 1];
  const activation = (last?.getConfig() as ActivationConfig | undefined)?.activation;
  if (activation === 'softmax') return 'probabilities';
  if (activation === 'linear') return 'logits';
  throw new TrainerError(
    'INVALID_MODEL',
    `the model's last layer must use a softmax (class probabilities) or linear (logits) activation, not ${JSON.stringify(activation)}`,
  );
}

/**
 * Checks that the dataset's example shape and class count match the model's
 * input and output shapes (unknown dims, `null`, match anything).
 * @throws TrainerError INVALID_DATA describing the mismatch.
 */
export function checkFits(model: tf.LayersModel, data: Dataset): void {
  const inShape = model.inputs[0].shape.slice(1);
  const outShape = model.outputs[0].shape.slice(1);
  const fits = inShape.length === data.featureShape.length && inShape.every((d, i) => d === null || d === data.featureShape[i]);
  if (!fits)
    throw new TrainerError(
      'INVALID_DATA',
      `dataset '${data.name}' has examples of shape ${JSON.stringify(data.featureShape)}, the model expects ${JSON.stringify(inShape)}`,
    );
  if (outShape.length !== 1 || (outShape[0] !== null && outShape[0] !== data.numClasses))
    throw new TrainerError(
      'INVALID_DATA',
      `dataset '${data.name}' has ${data.numClasses} classes, the model outputs ${JSON.stringify(outShape)}`,
    );
}

/**
 * Mean cross-entropy loss and the number of correct predictions for a batch
 * (call inside `tf.tidy`). `labels` is an int32 vector of class indices.
 */
export function lossAndCorrect(
  kind: OutputKind,
  output: tf.Tensor,
  labels: tf.Tensor1D,
  numClasses: number,
): { loss: tf.Scalar; correct: tf.Scalar } {
  const oneHot = tf.oneHot(labels, numClasses);
  const loss =
    kind === 'logits'
      ? (tf.losses.softmaxCrossEntropy(oneHot, output) as tf.Scalar)
      : tf.mean(tf.metrics.categoricalCrossentropy(oneHot, output)).asScalar();
  const correct = tf.sum(tf.cast(tf.equal(tf.argMax(output, -1), labels), 'int32')).asScalar();
  return { loss, correct };
}
