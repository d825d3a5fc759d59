/**
 * @module privacy/round-privacy
 * What a DP job's round needs (docs/privacy.md): secret uniforms for Poisson
 * sampling, the task offer's privacy field, and the DP-FedAvg aggregation
 * rule of McMahan, Ramage, Talwar, Zhang (ICLR 2018): every update clipped to
 * S with weight 1 (no example-count weighting: a client's claimed count must
 * not raise its influence), summed, and divided by the fixed expected cohort
 * size W = clientsPerRound (their estimator f̃_f), so one client moves the
 * sum by at most S and the mean by at most S/W. With adaptive clipping
 * (Andrew, Thakkar, McMahan, Ramaswamy, NeurIPS 2021) S is the round's C: the
 * trusted coordinator's noise is z_Δ·C and its noisy count of unclipped
 * updates, like the count decoded from the masked sum in distributed mode,
 * gives the next C (`adaptClip`).
 */
import { randomBytes } from 'node:crypto';
import type { AggregateInput } from '@fl/fl-core';
import { MAX_PRIVACY_CLIP, type PrivacyConfig, type RoundPrivacyView, type TaskPrivacy, type UpdateBoundConfig } from '@fl/protocol';
import { addGaussianNoise, nextClipNorm, unclippedFractionFromCentered } from '@fl/privacy';
import { ddgSumNoiseStddev } from './ddg-params';

/** A uniform in [0, 1) with 53 bits from the CSPRNG. */
export function secureUniform(): number {
  const b = randomBytes(8);
  return ((b.readUInt32LE(0) >>> 5) * 67108864 + (b.readUInt32LE(4) >>> 6)) / 2 ** 53;
}

/** A train task's privacy field: the job's parameters, its current budget, the round's cohort size and clip norm (adaptive clipping's C). */
export function taskPrivacy(c: PrivacyConfig, round: { cohort: number; budget?: number; minClients: number; clip?: number }): TaskPrivacy {
  const minContributors = c.ddg?.minContributors ?? round.minClients;
  return { mode: c.mode, clip: round.clip ?? c.clip, noiseMultiplier: c.noiseMultiplier, epsilon: round.budget ?? c.epsilon, delta: c.delta, samplingRate: c.samplingRate, cohort: round.cohort, minContributors };
}

/** Trusted-server DP: the stddev of the central noise on the clipped sum, z_Δ·C with adaptive clipping (the count takes the rest of z), z·S without. */
export function centralNoiseStddev(c: PrivacyConfig, roundClip: number = c.clip): number {
  return (c.adaptiveClipping ? c.adaptiveClipping.updateNoiseMultiplier : c.noiseMultiplier) * roundClip;
}

/**
 * Adaptive clipping after a released round (Andrew et al. NeurIPS 2021): from
 * the noisy centred count X̃ = Σ(b − ½) + noise, b̃ = clamp(X̃/W + ½) over the
 * expected cohort W = clientsPerRound (TFF's estimator, like the mean's
 * denominator), and the next C = C·exp(−η(b̃ − γ)).
 */
export function adaptClip(c: PrivacyConfig, roundClip: number, noisyCentred: number, clientsPerRound: number): { unclippedFraction: number; nextClip: number } {
  const ac = c.adaptiveClipping!;
  const unclippedFraction = unclippedFractionFromCentered(noisyCentred, clientsPerRound);
  const nextClip = Math.min(MAX_PRIVACY_CLIP, nextClipNorm(roundClip, unclippedFraction, ac));
  return { unclippedFraction, nextClip };
}

/** Trusted-server adaptive clipping: the coordinator counts the unclipped among `measured` updates and adds N(0, σ_b²) to Σ(b − ½). */
export function centralNoisyCentredCount(unclipped: number, measured: number, countStddev: number): number {
  const x = Float64Array.of(unclipped - measured / 2);
  return addGaussianNoise(x, countStddev)[0];
}

/** The update bound of a DP round: every update clipped to S (the coordinator enforces what the client was asked to do). */
export function dpUpdateBound(c: PrivacyConfig): UpdateBoundConfig {
  return { action: 'clip', rule: 'fixed', norm: c.clip, multiple: 1, targetQuantile: 0.5, learningRate: 0.2 };
}

/** A DP client's weight in the sum: 1, whatever it claims. */
export const DP_CLIENT_WEIGHT = 1;

/** The DP-FedAvg input: the clipped sum over the fixed denominator W = clientsPerRound. */
export function dpInput(input: AggregateInput, clientsPerRound: number): AggregateInput {
  return { ...input, weightSum: clientsPerRound };
}

/** What noise a released round's sum carries (the round view). */
export function roundPrivacyView(c: PrivacyConfig, contributors: number, roundClip: number = c.clip, adapted?: { unclippedFraction: number; nextClip: number }): RoundPrivacyView {
  const sumNoiseStddev = c.mode === 'distributed-ddg' ? ddgSumNoiseStddev(c.ddg!, contributors, roundClip / c.clip) : centralNoiseStddev(c, roundClip);
  return { mode: c.mode, contributors, sumNoiseStddev, clip: roundClip, ...(adapted ?? {}) };
}
