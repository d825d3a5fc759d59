/**
 * @module weights/initial-weights
 * Seeded, bit-reproducible initial weights for a model spec. TF.js's own
 * initialisers draw from an unseeded global generator, so every tensor is
 * re-initialised here from `createRng(seed)` (fl-core), in layout order:
 *
 * - `…/bias`, `…/beta`, `…/moving_mean`: zeros;
 * - `…/gamma`, `…/moving_variance`: ones (BatchNorm);
 * - any other tensor of rank ≥ 2 (kernels, embeddings, recurrent kernels):
 *   Glorot-uniform, U(−l, l) with l = √(6 / (fan_in + fan_out)), where for a
 *   shape `[…receptive, in, out]` fan_in = in·∏receptive and
 *   fan_out = out·∏receptive (Glorot & Bengio, AISTATS 2010; Keras's fans);
 * - any other rank-0/1 tensor: zeros.
 *
 * Same spec and seed → the same bytes, on any backend and platform.
 */
import type * as tf from '@tensorflow/tfjs';
import type { TensorSpec } from '@fl/protocol';
import { createRng, type ModelWeights, parameterCount, tensorSize } from '@fl/fl-core';
import { TrainerError } from '../errors';
import { buildModel, type TrainableModelSpec } from '../model/build-model';
import { modelLayout } from './model-weights';

export type InitRule = 'zeros' | 'ones' | 'glorot-uniform';

/** The initialisation rule for one tensor (see the module comment). */
export function initRule(spec: TensorSpec): InitRule {
  const leaf = spec.name.slice(spec.name.lastIndexOf('/') + 1).replace(/_\d+$/, '');
  if (leaf === 'gamma' || leaf === 'moving_variance') return 'ones';
  if (leaf === 'bias' || leaf === 'beta' || leaf === 'moving_mean') return 'zeros';
  return spec.shape.length >= 2 ? 'glorot-uniform' : 'zeros';
}

/** Keras-style fans of a weight shape. */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 2) return { fanIn: shape[0], fanOut: shape[1] };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive };
}

/** Fills a flat vector for `layout` from a seeded generator. */
export function seededWeights(layout: TensorSpec[], seed: number): ModelWeights {
  if (!Number.isSafeInteger(seed)) throw new TrainerError('INVALID_ARGUMENT', `seed must be an integer (got ${seed})`);
  const data = new Float32Array(parameterCount(layout));
  const rng = createRng(seed);
  let offset = 0;
  for (const spec of layout) {
    const size = tensorSize(spec.shape);
    const view = data.subarray(offset, offset + size);
    const rule = initRule(spec);
    if (rule === 'ones') view.fill(1);
    else if (rule === 'glorot-uniform') {
      const { fanIn, fanOut } = fans(spec.shape);
      const limit = Math.sqrt(6 / Math.max(1, fanIn + fanOut));
      for (let i = 0; i < size; i++) view[i] = (2 * rng.next() - 1) * limit;
    }
    offset += size;
  }
  return { layout, data };
}

/**
 * Builds the model once to learn its layout and topology, then draws seeded
 * weights for it.
 * @returns layout, weights and the Layers JSON topology (for `ModelRef.topology`).
 * @throws TrainerError INVALID_MODEL for a bad spec.
 */
export async function initialWeights(
  spec: TrainableModelSpec,
  seed: number,
): Promise<{ layout: TensorSpec[]; weights: ModelWeights; topology: object }> {
  const model: tf.LayersModel = await buildModel(spec);
  try {
    const layout = modelLayout(model);
    const topology = model.toJSON(undefined, false) as object;
    return { layout, weights: seededWeights(layout, seed), topology };
  } finally {
    model.dispose();
  }
}
