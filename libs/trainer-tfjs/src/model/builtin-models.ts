/**
 * @module model/builtin-models
 * The built-in models. Layer names are fixed so that weight names (the
 * layout) are identical in every process, however many models it built.
 *
 * - `mnist-cnn`: a small CNN (≈5.4 k parameters) sized for CPU / wasm edge
 *   clients: conv 3×3×8 relu → maxpool 2 → conv 3×3×16 relu → maxpool 2 →
 *   flatten → dense 10 softmax.
 * - `mnist-mlp`: the "2NN" of McMahan et al., AISTATS 2017 §3 (two hidden
 *   layers of 200 relu units, ≈199 k parameters).
 * - `niid-cnn`: the simple CNN of NIID-Bench for MNIST-like data (Li, Diao,
 *   Chen, He, ICDE 2022): conv 6@5×5 relu → maxpool 2 → conv 16@5×5 relu →
 *   maxpool 2 → flatten (256) → dense 120 relu → dense 84 relu → dense 10
 *   softmax, 44,426 parameters.
 *
 * All take `[28, 28, 1]` images in [0, 1] and output class probabilities.
 */
import * as tf from '@tensorflow/tfjs';

export const TRAINABLE_BUILTINS = ['mnist-cnn', 'mnist-mlp', 'niid-cnn'] as const;
export type TrainableBuiltin = (typeof TRAINABLE_BUILTINS)[number];

/** Input shape of the built-in models. */
export const MNIST_INPUT_SHAPE = [28, 28, 1];

function mnistCnn(): tf.Sequential {
  const m = tf.sequential({ name: 'mnist_cnn' });
  m.add(tf.layers.conv2d({ name: 'conv1', inputShape: MNIST_INPUT_SHAPE, filters: 8, kernelSize: 3, activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }));
  m.add(tf.layers.conv2d({ name: 'conv2', filters: 16, kernelSize: 3, activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }));
  m.add(tf.layers.flatten({ name: 'flatten' }));
  m.add(tf.layers.dense({ name: 'dense', units: 10, activation: 'softmax' }));
  return m;
}

function mnistMlp(): tf.Sequential {
  const m = tf.sequential({ name: 'mnist_mlp' });
  m.add(tf.layers.flatten({ name: 'flatten', inputShape: MNIST_INPUT_SHAPE }));
  m.add(tf.layers.dense({ name: 'hidden1', units: 200, activation: 'relu' }));
  m.add(tf.layers.dense({ name: 'hidden2', units: 200, activation: 'relu' }));
  m.add(tf.layers.dense({ name: 'dense', units: 10, activation: 'softmax' }));
  return m;
}

function niidCnn(): tf.Sequential {
  const m = tf.sequential({ name: 'niid_cnn' });
  m.add(tf.layers.conv2d({ name: 'conv1', inputShape: MNIST_INPUT_SHAPE, filters: 6, kernelSize: 5, activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }));
  m.add(tf.layers.conv2d({ name: 'conv2', filters: 16, kernelSize: 5, activation: 'relu' }));
  m.add(tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }));
  m.add(tf.layers.flatten({ name: 'flatten' }));
  m.add(tf.layers.dense({ name: 'fc1', units: 120, activation: 'relu' }));
  m.add(tf.layers.dense({ name: 'fc2', units: 84, activation: 'relu' }));
  m.add(tf.layers.dense({ name: 'dense', units: 10, activation: 'softmax' }));
  return m;
}

const FACTORIES: Record<TrainableBuiltin, () => tf.Sequential> = { 'mnist-cnn': mnistCnn, 'mnist-mlp': mnistMlp, 'niid-cnn': niidCnn };

/** Builds a fresh built-in model (random TF.js initialisation; see `initialWeights` for seeded weights). */
export function createBuiltinModel(name: TrainableBuiltin): tf.Sequential {
  return FACTORIES[name]();
}
