/**
 * @module privacy/privacy-config
 * Resolves and checks a job's `privacy` option (docs/privacy.md): user-level
 * DP-FedAvg (McMahan, Ramage, Talwar, Zhang, ICLR 2018) with Poisson sampling
 * at rate q, clip norm S and noise multiplier z, given or calibrated with
 * `calibrateNoise` (libs/privacy) for the planned rounds. Without secure
 * aggregation the mode is `trusted-server`; with it, `distributed-ddg`, whose
 * per-client noise is resolved once the model's size is known (ddg-params).
 *
 * The δ rule: δ ≤ 1/(10·N), N the population a client hides in — the larger
 * of the enrolled clients and ⌈clientsPerRound/q⌉ (the online clients the
 * sampling rate assumes). δ is the chance the guarantee fails outright; at
 * δ ≈ 1/N a mechanism may publish one person's data and still meet it.
 *
 * Adaptive clipping (Andrew, Thakkar, McMahan, Ramaswamy, NeurIPS 2021; off
 * unless `adaptiveClipping` is given): the defaults are TFF's
 * `gaussian_adaptive` (γ = 0.5, η = 0.2, σ_b = 0.05·clientsPerRound), `clip`
 * is the initial C, `noiseMultiplier` stays the total z the accountant
 * charges, and the update gets z_Δ = (z⁻² − (2σ_b)⁻²)^(−1/2); a config with
 * 2σ_b ≤ z is refused (as TFF does).
 */
import { MAX_PRIVACY_CLIP, type AdaptiveClippingConfig, type JobConfig, type PrivacyConfig, type PrivacyRequest } from '@fl/protocol';
import { calibrateNoise, DEFAULT_ADAPTIVE_CLIPPING, DEFAULT_COUNT_STDDEV_PER_CLIENT, gaussianEpsilon, PrivacyError, updateNoiseMultiplier } from '@fl/privacy';

/** δ must be at most 1/(DELTA_POPULATION_FACTOR·N). */
export const DELTA_POPULATION_FACTOR = 10;

/** N of the δ rule. */
export function privacyPopulation(clientsPerRound: number, samplingRate: number, enrolled: number): number {
  return Math.max(enrolled, Math.ceil(clientsPerRound / samplingRate));
}

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** Largest adaptive-clipping learning rate η accepted (C moves by a factor of at most e^η per round). */
export const MAX_CLIP_LEARNING_RATE = 10;

/** `privacy.adaptiveClipping` with defaults (updateNoiseMultiplier filled later), or problems. */
export function resolveAdaptiveClipping(req: PrivacyRequest, clientsPerRound: number, p: string[]): AdaptiveClippingConfig | null {
  const a = req.adaptiveClipping;
  if (a === undefined || a === null) return null;
  if (typeof a !== 'object') {
    p.push('privacy.adaptiveClipping must be an object or null');
    return null;
  }
  const targetUnclipped = a.targetUnclipped ?? DEFAULT_ADAPTIVE_CLIPPING.targetUnclipped;
  const learningRate = a.learningRate ?? DEFAULT_ADAPTIVE_CLIPPING.learningRate;
  const countStddev = a.countStddev ?? DEFAULT_COUNT_STDDEV_PER_CLIENT * clientsPerRound;
  if (!(positive(targetUnclipped) && targetUnclipped < 1)) p.push('privacy.adaptiveClipping.targetUnclipped (γ) must be in (0, 1)');
  if (!(positive(learningRate) && learningRate <= MAX_CLIP_LEARNING_RATE)) p.push(`privacy.adaptiveClipping.learningRate (η) must be in (0, ${MAX_CLIP_LEARNING_RATE}]`);
  if (!positive(countStddev)) p.push('privacy.adaptiveClipping.countStddev (σ_b) must be > 0');
  return { targetUnclipped, learningRate, countStddev, updateNoiseMultiplier: 0 };
}

/** z_Δ for total z, or the problem (2σ_b ≤ z). */
export function splitNoise(z: number, ac: AdaptiveClippingConfig): number | string {
  if (2 * ac.countStddev <= z)
    return `privacy.adaptiveClipping.countStddev σ_b = ${ac.countStddev} is too small for the noise multiplier z = ${z}: 2σ_b must exceed z (the update would need infinite noise); raise countStddev or clientsPerRound`;
  return updateNoiseMultiplier(z, ac.countStddev);
}

/** The resolved config and every problem (prefixed `privacy.`). */
export function resolvePrivacy(
  req: PrivacyRequest,
  job: Pick<JobConfig, 'rounds' | 'clientsPerRound' | 'secureAggregation' | 'strategy'>,
  ctx: { enrolled: number; needsIndividualUpdates: boolean; updateBoundGiven: boolean },
): { privacy: PrivacyConfig | null; problems: string[] } {
  const p: string[] = [];
  if (!positive(req.epsilon)) p.push('privacy.epsilon must be > 0');
  if (!(positive(req.delta) && req.delta < 1)) p.push('privacy.delta must be in (0, 1)');
  if (!(positive(req.clip) && req.clip <= MAX_PRIVACY_CLIP)) p.push(`privacy.clip (the L2 clip norm S, or the initial C with adaptive clipping) must be in (0, ${MAX_PRIVACY_CLIP}]`);
  const adaptive = resolveAdaptiveClipping(req, job.clientsPerRound, p);
  if (!(positive(req.samplingRate) && req.samplingRate <= 1)) p.push('privacy.samplingRate (q) must be in (0, 1]');
  if (req.noiseMultiplier !== undefined && !positive(req.noiseMultiplier)) p.push('privacy.noiseMultiplier must be > 0');
  if (ctx.needsIndividualUpdates) p.push(`privacy: strategy ${job.strategy.name} needs individual updates; DP-FedAvg noises the sum, use a strategy that works on the sum (e.g. fedavg)`);
  if (ctx.updateBoundGiven) p.push('privacy: updateBound does not apply with privacy (privacy.clip is the bound every update is clipped to)');
  if (p.length) return { privacy: null, problems: p };
  const n = privacyPopulation(job.clientsPerRound, req.samplingRate, ctx.enrolled);
  const maxDelta = 1 / (DELTA_POPULATION_FACTOR * n);
  if (req.delta > maxDelta)
    p.push(`privacy.delta ${req.delta} is too large for a population of ${n} clients: it must be at most 1/(${DELTA_POPULATION_FACTOR}·N) = ${maxDelta.toPrecision(3)} (N = max(enrolled, ⌈clientsPerRound/q⌉))`);
  let z = req.noiseMultiplier;
  const calibrated = z === undefined;
  if (job.secureAggregation.enabled) {
    // Distributed discrete Gaussian: σ per client needs the model's size, resolved once it is built (ddg-params).
    if (p.length) return { privacy: null, problems: p };
    return { privacy: { mode: 'distributed-ddg', epsilon: req.epsilon, delta: req.delta, noiseMultiplier: z ?? 0, clip: req.clip, samplingRate: req.samplingRate, calibrated, orders: 'dp-accounting', adaptiveClipping: adaptive }, problems: [] };
  }
  try {
    if (z === undefined) z = calibrateNoise({ epsilon: req.epsilon, delta: req.delta, q: req.samplingRate, steps: job.rounds }).noise;
    else if (gaussianEpsilon({ q: req.samplingRate, noiseMultiplier: z, steps: 1, delta: req.delta }).epsilon > req.epsilon)
      p.push(`privacy.noiseMultiplier ${z} spends more than ε = ${req.epsilon} in a single round; raise it or omit it to calibrate`);
  } catch (e) {
    p.push(`privacy: ${e instanceof PrivacyError ? `${e.code}: ${e.message}` : (e as Error).message}`);
  }
  let adaptiveClipping: AdaptiveClippingConfig | null = null;
  if (adaptive && !p.length) {
    const zd = splitNoise(z!, adaptive);
    if (typeof zd === 'string') p.push(zd);
    else adaptiveClipping = { ...adaptive, updateNoiseMultiplier: zd };
  }
  if (p.length) return { privacy: null, problems: p };
  const privacy: PrivacyConfig = { mode: 'trusted-server', epsilon: req.epsilon, delta: req.delta, noiseMultiplier: z!, clip: req.clip, samplingRate: req.samplingRate, calibrated, orders: 'dp-accounting', adaptiveClipping };
  return { privacy, problems: [] };
}
