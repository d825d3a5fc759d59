/**
 * @module models/synthetic-model
 * The `synthetic` built-in: a layout-only model (one tensor
 * `synthetic/w` of `params` float32 values, no topology) used for
 * communication benchmarks. Its initial values are uniform in
 * [−0.05, 0.05) drawn from fl-core's seeded `createRng`, so the same seed
 * gives the same bytes.
 */
import { createRng, type ModelWeights } from '@fl/fl-core';

/** Largest synthetic model: 64 M parameters (256 MB, within MAX_MODEL_BYTES with header room). */
export const MAX_SYNTHETIC_PARAMS = 64_000_000;
export const SYNTHETIC_TENSOR = 'synthetic/w';

export function syntheticWeights(params: number, seed: number): ModelWeights {
  const rng = createRng(seed);
  const data = new Float32Array(params);
  for (let i = 0; i < params; i++) data[i] = (rng.next() - 0.5) * 0.1;
  return { layout: [{ name: SYNTHETIC_TENSOR, shape: [params] }], data };
}
