/**
 * @module secagg/secure-update
 * Encodes a trained update for secure aggregation (docs/secure-aggregation.md "Encoding", the
 * encoding of `@fl/secagg`): the update is the delta to the global model,
 * `x = trained − global`, flattened in layout order as float32 (the model
 * blob's order, so coordinate i is the same parameter on every client). It is
 * quantised with the task's `SecureTaskParams`:
 *
 *   values = quantizeWeighted(x, numExamples, weightCap, createQuantizer(clip, nMax, bits))
 *
 * computed as `quantizeWeightedDelta(trained, global, …)`: the same words for
 * the same draws, with the subtraction fused into the library's one-pass
 * (WebAssembly) encoder, so no delta vector is materialised.
 *
 * i.e. `clamp(w·x, ±clip)` (the weighted delta is clipped) stochastically rounded to `bits` bits, with the
 * capped FedAvg weight `w = min(numExamples / weightCap, 1)` appended as one
 * more word: P + 1 ring words, which must equal `secure.vectorLength`
 * (otherwise the task fails with `SECURE_ENCODING`; nothing is sent). The
 * coordinator decodes the unmasked sum with `decodeWeightedMean` and gets the
 * weighted mean of the deltas. The stochastic rounding draws its 4 bytes per
 * coordinate from `nodeSecureRandom` (node:crypto `randomFillSync`, the CSPRNG
 * behind Node's getRandomValues, without its 64 KiB-per-call limit).
 */
import type { SecureTaskParams, TrainMetrics } from '@fl/protocol';
import type { ModelWeights } from '@fl/fl-core';
import { createQuantizer, nodeSecureRandom, quantizeWeightedDelta, type RandomSource } from '@fl/secagg/node';
import { ClientError } from '../errors';
import type { TrainOutcome } from '../trainers/local-trainer';

/** One client's encoded update, ready for the masked-input stage. */
export interface SecureUpdate {
  /** P + 1 ring words: the quantised weighted delta, then the weight. */
  values: Uint32Array;
  numExamples: number;
  metrics: TrainMetrics;
  /** Fraction of the P delta coordinates that exceeded the clip bound. */
  clipFraction: number;
  /** The capped FedAvg weight w that was encoded. */
  weight: number;
}

/** `trained − global` as float32, in layout order (what `encodeSecureUpdate` encodes). Refuses weights of another shape. */
export function updateDelta(global: ModelWeights, trained: ModelWeights): Float32Array {
  checkLayout(global, trained);
  const g = global.data;
  const t = trained.data;
  const d = new Float32Array(g.length);
  for (let i = 0; i < d.length; i++) d[i] = t[i] - g[i];
  return d;
}

/**
 * Encodes `out` (trained from `global`) with the task's secure parameters.
 * Throws `SECURE_ENCODING` when P + 1 ≠ `secure.vectorLength`, and the
 * library's `SecAggError` (`INVALID_PARAMS`, `OVERFLOW`, `NON_FINITE`) when the
 * parameters or the update are unusable. `random` (default `nodeSecureRandom`)
 * is for tests only.
 */
export function encodeSecureUpdate(global: ModelWeights, out: TrainOutcome, secure: SecureTaskParams, random?: RandomSource): SecureUpdate {
  const P = global.data.length;
  if (P + 1 !== secure.vectorLength) {
    throw new ClientError(
      'SECURE_ENCODING',
      `secure task expects ${secure.vectorLength} ring words but the model has ${P} parameters (+ 1 weight word = ${P + 1})`,
    );
  }
  checkLayout(global, out.weights);
  const q = createQuantizer(secure.clip, secure.nMax, secure.bits);
  const enc = quantizeWeightedDelta(out.weights.data, global.data, out.numExamples, secure.weightCap, q, random ?? nodeSecureRandom);
  if (enc.values.length !== secure.vectorLength) {
    throw new ClientError('SECURE_ENCODING', `encoded ${enc.values.length} words, the task expects ${secure.vectorLength}`);
  }
  return { values: enc.values, numExamples: out.numExamples, metrics: out.metrics, clipFraction: enc.clipFraction, weight: enc.weight };
}

function checkLayout(global: ModelWeights, trained: ModelWeights): void {
  const g = global.data;
  const t = trained.data;
  if (t.length !== g.length || !sameLayout(global, trained)) {
    throw new ClientError('SECURE_ENCODING', `trained weights (${t.length} values) do not match the global model's layout (${g.length} values)`);
  }
}

function sameLayout(a: ModelWeights, b: ModelWeights): boolean {
  if (a.layout === b.layout) return true;
  if (a.layout.length !== b.layout.length) return false;
  return a.layout.every((t, i) => t.shape.length === b.layout[i].shape.length && t.shape.every((d, j) => d === b.layout[i].shape[j]));
}
