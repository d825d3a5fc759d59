/**
 * @module secagg/ddg-update
 * A DP job's secure update (docs/privacy.md "Modes"): instead of the plain
 * quantiser of secure-update, the delta to the global model goes through the
 * distributed discrete Gaussian chain of @fl/privacy (Kairouz, Liu, Steinke,
 * ICML 2021): clip to S → randomised Hadamard rotation from the round's seed
 * → scale → conditional randomised rounding → + N_Z(0, σ²) sampled exactly
 * from the CSPRNG → mod 2^bits. The d words go into the same masked sum; the
 * coordinator can only unmask their total, which carries every survivor's
 * noise. No weight word: DP-FedAvg weighs every client 1. With adaptive
 * clipping (Andrew et al. NeurIPS 2021) the task's clip is the round's C and
 * one more word carries a·(2b − 1) + noise, b = 1 if the update was not
 * clipped: the coordinator only learns the noisy count over the survivors.
 */
import type { ModelWeights } from '@fl/fl-core';
import type { TaskPrivacy } from '@fl/protocol';
import { ddgReleasedDim, encodeDdgUpdate, type RandomBits } from '@fl/privacy';
import { ClientError } from '../errors';
import type { TrainOutcome } from '../trainers/local-trainer';
import { updateDelta, type SecureUpdate } from './secure-update';

/** Encodes `out` (trained from `global`) for a `distributed-ddg` task. `rng` is for tests only (default: the CSPRNG). */
export function encodeDdgSecureUpdate(global: ModelWeights, out: TrainOutcome, privacy: TaskPrivacy, rng?: RandomBits): SecureUpdate {
  const g = privacy.ddg;
  if (!g) throw new ClientError('SECURE_ENCODING', 'distributed-ddg task without its encoding');
  if (g.dim < global.data.length) throw new ClientError('SECURE_ENCODING', `the task's dimension ${g.dim} is smaller than the model's ${global.data.length} parameters`);
  const delta = updateDelta(global, out.weights);
  const countAmplitude = g.countAmplitude ?? 0;
  const enc = encodeDdgUpdate(delta, { clip: privacy.clip, scale: g.scale, beta: g.beta, bits: g.bits, seed: Buffer.from(g.seed, 'hex'), localVariance: g.localVariance, countAmplitude }, rng);
  const words = ddgReleasedDim(g);
  if (enc.values.length !== words) throw new ClientError('SECURE_ENCODING', `encoded ${enc.values.length} words, the task expects ${words}`);
  return { values: enc.values, numExamples: out.numExamples, metrics: out.metrics, clipFraction: enc.unclipped ? 0 : 1, weight: 1 };
}
