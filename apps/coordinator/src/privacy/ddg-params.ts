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
 *
 * Adaptive clipping (Andrew et al. NeurIPS 2021): the round's C changes, so
 * the round's scale is s_r = 4√d/C_r and c = C_r·s_r stays 4√d: σ, the fit
 * and the accounting do not change from round to round. Each client appends
 * one word a·(2b − 1) + N_Z(0, σ²) (b = 1 if it was not clipped) to the same
 * masked vector; a = ⌊√n_min·σ/(2σ_b)⌋ keeps the count's noise ≥ σ_b, and the
 * accountant charges the joint vector (Δ₂' = √(Δ₂² + a²)), σ calibrated for it.
 */
import { randomBytes } from 'node:crypto';
import type { AggregateInput } from '@fl/fl-core';
import type { DdgConfig, JobConfig, PrivacyConfig, TaskDdg } from '@fl/protocol';
import { calibrateDdgNoise, checkFit, chooseBits, countAmplitude, ddgReleasedDim, decodeDdgCount, decodeDdgSum, paddedDim, PrivacyError, type PrivacyEvent } from '@fl/privacy';
import { splitNoise } from './privacy-config';
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
  const ac = privacy.adaptiveClipping ?? null;
  try {
    let localStddev: number;
    if (privacy.calibrated) {
      localStddev = calibrateDdgNoise({ epsilon: privacy.epsilon, delta: privacy.delta, steps: config.rounds, q: privacy.samplingRate, clients: n, dim, clip: S, scale, beta: DDG_BETA, ...(ac ? { countStddev: ac.countStddev } : {}) }).noise;
    } else {
      const zd = ac ? splitNoise(privacy.noiseMultiplier, ac) : privacy.noiseMultiplier;
      if (typeof zd === 'string') return { privacy: null, problems: [zd] };
      localStddev = (zd * c) / Math.sqrt(n);
    }
    const a = ac ? countAmplitude(localStddev, n, ac.countStddev) : 0;
    if (ac && a < 1)
      return { privacy: null, problems: [`privacy.adaptiveClipping.countStddev σ_b = ${ac.countStddev} is too large for the clients' noise (√n·σ/2 = ${((Math.sqrt(n) * localStddev) / 2).toPrecision(4)} at n = ${n}): the count coordinate needs amplitude ≥ 1`] };
    checkFit({ clients: DDG_FIT_COHORT_FACTOR * config.clientsPerRound, dim, clip: S, scale, localStddev, ...(a ? { countAmplitude: a } : {}) }, 32);
    const ddg: DdgConfig = { dim, scale, beta: DDG_BETA, localStddev, minContributors: n, ...(a ? { countAmplitude: a } : {}) };
    const updateZ = (Math.sqrt(n) * localStddev) / c;
    // With the count coordinate, the total multiplier z satisfies 1/z² = 1/z_Δ² + (a/(√n·σ))².
    const total = a ? (updateZ ** -2 + (a / (Math.sqrt(n) * localStddev)) ** 2) ** -0.5 : updateZ;
    const adaptiveClipping = ac ? { ...ac, updateNoiseMultiplier: updateZ } : (privacy.adaptiveClipping ?? null);
    return { privacy: { ...privacy, ddg, noiseMultiplier: total, adaptiveClipping }, problems: [] };
  } catch (e) {
    if (e instanceof PrivacyError) return { privacy: null, problems: [`privacy (distributed discrete Gaussian): ${e.code}: ${e.message}`] };
    throw e;
  }
}

/**
 * The round's encoding for a cohort of `cohort` clients; `roundClip` is the
 * round's C (adaptive clipping), whose scale keeps c = clip·scale fixed.
 * @throws PrivacyError MODULUS_TOO_SMALL
 */
export function ddgTaskFor(ddg: DdgConfig, clip: number, cohort: number, seed: Uint8Array = randomBytes(32), roundClip: number = clip): TaskDdg {
  const a = ddg.countAmplitude;
  const bits = chooseBits({ clients: Math.max(1, cohort), dim: ddg.dim, clip, scale: ddg.scale, localStddev: ddg.localStddev, ...(a ? { countAmplitude: a } : {}) });
  const scale = roundClip === clip ? ddg.scale : (ddg.scale * clip) / roundClip;
  return { seed: Buffer.from(seed).toString('hex'), dim: ddg.dim, scale, beta: ddg.beta, localVariance: ddg.localStddev * ddg.localStddev, bits, ...(a ? { countAmplitude: a } : {}) };
}

/** Words of a round's masked vector: d, and the count word with adaptive clipping (`@fl/privacy` ddgReleasedDim). */
export const ddgVectorLength = (ddg: Pick<TaskDdg, 'dim' | 'countAmplitude'>): number => ddgReleasedDim(ddg);

/** Adaptive clipping: the noisy centred count Σ(b − ½) + noise from the unmasked sum's count word; undefined without it. */
export function ddgUnclippedCentred(sum: Uint32Array, task: TaskDdg): number | undefined {
  if (!task.countAmplitude) return undefined;
  return decodeDdgCount(sum, { bits: task.bits, dim: task.dim, countAmplitude: task.countAmplitude });
}

/** The unmasked ring sum → Σ clip(Δ) + noise over the fixed denominator W. */
export function ddgAggregateInput(sum: Uint32Array, task: TaskDdg, params: number, contributors: number, clientsPerRound: number): AggregateInput {
  const deltaSum = decodeDdgSum(sum.subarray(0, task.dim), { scale: task.scale, bits: task.bits, seed: Buffer.from(task.seed, 'hex') }, params);
  return { deltaSum, weightSum: clientsPerRound, count: contributors };
}

/** One released round with `contributors` clients' noise in the sum. */
export function ddgEvent(c: PrivacyConfig, contributors: number): Extract<PrivacyEvent, { mechanism: 'distributed-discrete-gaussian' }> {
  const g = c.ddg!;
  return { mechanism: 'distributed-discrete-gaussian', sampling: 'poisson', q: c.samplingRate, clients: contributors, dim: g.dim, clip: c.clip, scale: g.scale, localStddev: g.localStddev, beta: g.beta, ...(g.countAmplitude ? { countAmplitude: g.countAmplitude } : {}) };
}

/** Stddev of the decoded sum's noise per coordinate, in update units; `clipRatio` = the round's C over the job's `clip` (adaptive clipping scales the update units). */
export function ddgSumNoiseStddev(g: DdgConfig, contributors: number, clipRatio = 1): number {
  return ((Math.sqrt(contributors) * g.localStddev) / g.scale) * clipRatio;
}
