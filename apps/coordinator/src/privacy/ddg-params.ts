/**
 * @module privacy/ddg-params
 * Distributed discrete Gaussian DP under secure aggregation (Kairouz, Liu,
 * Steinke, ICML 2021; docs/privacy.md "Modes"), the coordinator's side:
 *
 * - at job creation (`resolveDdg`): d = the parameter count padded to a power
 *   of two; scale s = DDG_SCALE_UNITS·√d / S, so the clipped update has
 *   c = S·s = 4√d integer units and randomised rounding inflates the
 *   sensitivity by √(1 + 1/64) ≈ 0.8 % (KLS Thm. 1 with conditional rounding
 *   β = e^−½, their choice); each client's σ is calibrated with
 *   `calibrateDdgNoise` for the fewest contributors a released round can
 *   have, n_min = max(3, minClients) (dropouts take their noise with them), or
 *   derived from a given z as σ = z·c/√n_min; and the modulus must fit
 *   (`checkFit`) for up to 3 × clientsPerRound clients;
 * - per round (`ddgTaskFor`): a fresh 32-byte rotation seed, and the smallest
 *   bits that fit the actual cohort (`chooseBits`, MODULUS_TOO_SMALL
 *   otherwise: the round fails, nothing is released);
 * - after unmasking (`ddgAggregateInput`): centre mod 2^bits, unscale,
 *   unrotate; the sum goes to the strategy over W = clientsPerRound;
 * - the round is charged with the survivors' noise (`ddgEvent`).
 *
 * The secure-aggregation ring is Z_2^32 and 2^bits divides 2^32, so the
 * masked sum reduced mod 2^bits is the sum of the clients' residues.
 */
import { randomBytes } from 'node:crypto';
import type { AggregateInput } from '@fl/fl-core';
import type { DdgConfig, JobConfig, PrivacyConfig, TaskDdg } from '@fl/protocol';
import { calibrateDdgNoise, checkFit, chooseBits, decodeDdgSum, paddedDim, PrivacyError, type PrivacyEvent } from '@fl/privacy';
import { MIN_SECURE_COHORT } from '../secure-aggregation/secure-params';

/** c = S·s in integer units, per √d. */
export const DDG_SCALE_UNITS = 4;
/** Conditional rounding β (KLS use e^−½). */
export const DDG_BETA = Math.exp(-0.5);
/** Job creation checks the modulus for up to this many times clientsPerRound clients (Poisson cohorts vary). */
export const DDG_FIT_COHORT_FACTOR = 3;

export function minContributors(config: Pick<JobConfig, 'minClients'>): number {
  return Math.max(MIN_SECURE_COHORT, config.minClients);
}

/** Fills `privacy.ddg` (and the effective z) for a model of `params` parameters; problems otherwise. */
export function resolveDdg(privacy: PrivacyConfig, config: Pick<JobConfig, 'rounds' | 'minClients' | 'clientsPerRound'>, params: number): { privacy: PrivacyConfig | null; problems: string[] } {
  const dim = paddedDim(params);
  const S = privacy.clip;
  const scale = (DDG_SCALE_UNITS * Math.sqrt(dim)) / S;
  const n = minContributors(config);
  const c = S * scale;
  try {
    let localStddev: number;
    if (privacy.calibrated) {
      localStddev = calibrateDdgNoise({ epsilon: privacy.epsilon, delta: privacy.delta, steps: config.rounds, q: privacy.samplingRate, clients: n, dim, clip: S, scale, beta: DDG_BETA }).noise;
    } else localStddev = (privacy.noiseMultiplier * c) / Math.sqrt(n);
    checkFit({ clients: DDG_FIT_COHORT_FACTOR * config.clientsPerRound, dim, clip: S, scale, localStddev }, 32);
    const ddg: DdgConfig = { dim, scale, beta: DDG_BETA, localStddev, minContributors: n };
    return { privacy: { ...privacy, ddg, noiseMultiplier: (Math.sqrt(n) * localStddev) / c }, problems: [] };
  } catch (e) {
    if (e instanceof PrivacyError) return { privacy: null, problems: [`privacy (distributed discrete Gaussian): ${e.code}: ${e.message}`] };
    throw e;
  }
}

/** The round's encoding for a cohort of `cohort` clients. @throws PrivacyError MODULUS_TOO_SMALL */
export function ddgTaskFor(ddg: DdgConfig, clip: number, cohort: number, seed: Uint8Array = randomBytes(32)): TaskDdg {
  const bits = chooseBits({ clients: Math.max(1, cohort), dim: ddg.dim, clip, scale: ddg.scale, localStddev: ddg.localStddev });
  return { seed: Buffer.from(seed).toString('hex'), dim: ddg.dim, scale: ddg.scale, beta: ddg.beta, localVariance: ddg.localStddev * ddg.localStddev, bits };
}

/** The unmasked ring sum → Σ clip(Δ) + noise over the fixed denominator W. */
export function ddgAggregateInput(sum: Uint32Array, task: TaskDdg, params: number, contributors: number, clientsPerRound: number): AggregateInput {
  const deltaSum = decodeDdgSum(sum.subarray(0, task.dim), { scale: task.scale, bits: task.bits, seed: Buffer.from(task.seed, 'hex') }, params);
  return { deltaSum, weightSum: clientsPerRound, count: contributors };
}

/** One released round with `contributors` clients' noise in the sum. */
export function ddgEvent(c: PrivacyConfig, contributors: number): PrivacyEvent {
  const g = c.ddg!;
  return { mechanism: 'distributed-discrete-gaussian', sampling: 'poisson', q: c.samplingRate, clients: contributors, dim: g.dim, clip: c.clip, scale: g.scale, localStddev: g.localStddev, beta: g.beta };
}

/** Stddev of the decoded sum's noise per coordinate, in update units. */
export function ddgSumNoiseStddev(g: DdgConfig, contributors: number): number {
  return (Math.sqrt(contributors) * g.localStddev) / g.scale;
}
