/**
 * @module testing/fixtures
 * Test-only helpers (excluded from the build): small synthetic datasets and
 * tiny models, so specs run in milliseconds.
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '@fl/fl-core';
import type { Dataset } from '../data/dataset';

/**
 * Linearly separable clusters: class c is centred on a one-hot-ish pattern
 * (feature c·k… set to 1) plus uniform noise of ±noise.
 */
export function blobs(count: number, numClasses: number, features: number, seed = 1, noise = 0.3): Dataset {
  const rng = createRng(seed);
  const x = new Float32Array(count * features);
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const c = i % numClasses;
    y[i] = c;
    for (let f = 0; f < features; f++) x[i * features + f] = (f % numClasses === c ? 1 : 0) + (2 * rng.next() - 1) * noise;
  }
  return { x, y, featureShape: [features], numClasses, count, name: 'blobs' };
}

/** Layers JSON of a softmax regression (or an MLP with `hidden` units) on `[features]` inputs. */
export function denseModelJson(features: number, numClasses: number, opts: { hidden?: number; batchNorm?: boolean; logits?: boolean } = {}): object {
  const m = tf.sequential();
  if (opts.hidden) m.add(tf.layers.dense({ name: 'hidden', inputShape: [features], units: opts.hidden, activation: 'relu' }));
  if (opts.batchNorm) m.add(tf.layers.batchNormalization({ name: 'bn', ...(opts.hidden ? {} : { inputShape: [features] }) }));
  m.add(
    tf.layers.dense({
      name: 'out',
      units: numClasses,
      activation: opts.logits ? 'linear' : 'softmax',
      ...(opts.hidden || opts.batchNorm ? {} : { inputShape: [features] }),
    }),
  );
  const json = m.toJSON(undefined, false) as object;
  m.dispose();
  return json;
}
