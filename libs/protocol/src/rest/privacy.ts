/**
 * @module rest/privacy
 * Differential privacy of a job (docs/privacy.md): the job option, the
 * ledger the coordinator keeps per job (RDP per order, rounds charged, ε
 * spent) and the budget route. User-level DP-FedAvg (McMahan, Ramage,
 * Talwar, Zhang, ICLR 2018) with Poisson sampling of the online clients.
 */

/**
 * How the noise is added. `trusted-server`: without secure aggregation the
 * coordinator adds Gaussian noise σ = z·S to the clipped sum (it sees each
 * clipped update, so it must be trusted). `distributed-ddg` (the default with
 * secure aggregation): each client adds discrete Gaussian noise to its
 * rotated, scaled, rounded update before masking (Kairouz, Liu, Steinke, ICML
 * 2021), so the coordinator only ever sees a sum that carries the noise.
 */
export const PRIVACY_MODES = ['trusted-server', 'distributed-ddg'] as const;
export type PrivacyMode = (typeof PRIVACY_MODES)[number];

/** A job's DP settings, as requested (`noiseMultiplier` optional). */
export interface PrivacyRequest {
  /** Budget ε > 0 for the whole job (an admin may raise it later). */
  epsilon: number;
  /** δ ∈ (0, 1), at most 1/(10·N) for N the population (see docs/privacy.md). */
  delta: number;
  /** Noise multiplier z (σ = z·S); omitted: the smallest z that keeps all planned rounds within (ε, δ). */
  noiseMultiplier?: number;
  /** L2 clip norm S of each client's update (its delta to the global model). */
  clip: number;
  /** Poisson sampling rate q ∈ (0, 1]: each online client joins a round independently with probability q. */
  samplingRate: number;
  /**
   * Adaptive clipping (Andrew, Thakkar, McMahan, Ramaswamy, NeurIPS 2021; off
   * when absent or null): `clip` is then the initial C (TFF uses 0.1), and
   * after every released round C ← C·exp(−η(b̃ − γ)) from the noisy fraction
   * b̃ of unclipped updates. The count query spends part of the budget.
   */
  adaptiveClipping?: AdaptiveClippingRequest | null;
}

/** `privacy.adaptiveClipping` as requested; every field has TFF's default. */
export interface AdaptiveClippingRequest {
  /** Target unclipped fraction γ ∈ (0, 1) (default 0.5: the median norm). */
  targetUnclipped?: number;
  /** Geometric learning rate η ∈ (0, 10] (default 0.2). */
  learningRate?: number;
  /** Stddev σ_b of the noise on the unclipped count (default 0.05·clientsPerRound); 2σ_b must exceed z. */
  countStddev?: number;
}

/** Resolved adaptive clipping of a job. */
export interface AdaptiveClippingConfig {
  targetUnclipped: number;
  learningRate: number;
  countStddev: number;
  /** The update's share of the noise z_Δ = (z⁻² − (2σ_b)⁻²)^(−1/2), so that update and count together have multiplier z. */
  updateNoiseMultiplier: number;
}

/** Largest clip norm a job or a task may carry. */
export const MAX_PRIVACY_CLIP = 1e6;

/** The distributed discrete Gaussian encoding of a DP job under secure aggregation (fixed at creation). */
export interface DdgConfig {
  /** Dimension d = the parameter count padded to a power of two (the rotation's). */
  dim: number;
  /** Scale s: integer units per unit of update. */
  scale: number;
  /** Conditional rounding β. */
  beta: number;
  /** Each client's discrete Gaussian stddev σ in the scaled integer domain. */
  localStddev: number;
  /** Fewest clients whose noise can be in a released sum (σ is calibrated for them): max(3, minClients). */
  minContributors: number;
  /** Adaptive clipping: the integer amplitude a of the count coordinate (each client adds a·(2b − 1)); absent otherwise. */
  countAmplitude?: number;
}

/** A job's DP settings, resolved at creation. */
export interface PrivacyConfig extends Required<Omit<PrivacyRequest, 'adaptiveClipping'>> {
  mode: PrivacyMode;
  /** Adaptive clipping (then `clip` is the initial C and `noiseMultiplier` the total z); null or absent: S = `clip` fixed. */
  adaptiveClipping?: AdaptiveClippingConfig | null;
  /** `distributed-ddg` only. */
  ddg?: DdgConfig;
  /** True when `noiseMultiplier` was calibrated by the coordinator for the planned rounds. */
  calibrated: boolean;
  /** The accountant's order grid (dp_accounting's). */
  orders: 'dp-accounting';
}

/** What a job has spent so far; persisted with each model version, never decreasing. */
export interface PrivacyLedgerView {
  mode: PrivacyMode;
  /** The current budget (the job's ε, or what an admin raised it to). */
  budgetEpsilon: number;
  delta: number;
  noiseMultiplier: number;
  /** The clip norm of the next round (with adaptive clipping: the current C). */
  clip: number;
  /** Adaptive clipping: the last released round's noisy unclipped fraction b̃ (null before the first, or without it). */
  unclippedFraction: number | null;
  samplingRate: number;
  /** Rounds charged (each with the noise its contributors actually added). */
  steps: number;
  /** ε spent at `delta` after `steps` rounds (0 before the first). */
  epsilonSpent: number;
  /** The RDP order at which `epsilonSpent` is reached (null before the first round). */
  order: number | null;
  /** ε the next round would bring the job to. */
  nextEpsilon: number;
}

/** The (ε, δ) a model version was released with (the job's ledger after its round). */
export interface PrivacySpent {
  epsilon: number;
  delta: number;
  /** Rounds charged up to this version. */
  steps?: number;
  mode?: PrivacyMode;
  noiseMultiplier?: number;
  /** The clip norm this version's round applied (adaptive clipping: that round's C). */
  clip?: number;
}

/** `POST /api/jobs/:id/privacy/budget` (admin): the new, larger ε budget. */
export interface RaiseBudgetRequest {
  epsilon: number;
}

/** statusReason prefix of a job stopped because its next round would exceed the budget. */
export const PRIVACY_BUDGET_EXHAUSTED = 'PRIVACY_BUDGET_EXHAUSTED';

/** Train-task field of a DP job: what the client must do to its update. */
export interface TaskPrivacy {
  mode: PrivacyMode;
  /** Clip the update (delta to the global model) to this L2 norm before sending it. */
  clip: number;
  noiseMultiplier: number;
  /** The job's ε budget and δ (clients with a policy compare them). */
  epsilon: number;
  delta: number;
  samplingRate: number;
  /** Clients offered this round's task (the sampled cohort). */
  cohort: number;
  /** Fewest clients whose update (and noise) a released sum of this job holds: the coordinator refuses to release with fewer. */
  minContributors: number;
  /** `distributed-ddg`: how to encode the update (clip → rotate → scale → round → noise → mod 2^bits). */
  ddg?: TaskDdg;
}

export interface TaskDdg {
  /** 64 hex digits: the round's rotation seed (the same for every client of the attempt). */
  seed: string;
  dim: number;
  scale: number;
  beta: number;
  /** σ² of each client's discrete Gaussian noise, in the scaled integer domain. */
  localVariance: number;
  /** The sum is taken mod 2^bits (chosen by `checkFit` for the round's cohort). */
  bits: number;
  /** Adaptive clipping: append word d = a·(2b − 1) + noise, b = 1 if the update was not clipped (vector length d + 1). */
  countAmplitude?: number;
}

/** Privacy of one released round (part of `RoundView`): what noise the sum carries. */
export interface RoundPrivacyView {
  mode: PrivacyMode;
  /** Clients whose (clipped, and in distributed mode noised) update is in the sum. */
  contributors: number;
  /** Stddev of the noise on each coordinate of the decoded sum, in update units. */
  sumNoiseStddev: number;
  /** The clip norm the round applied. */
  clip?: number;
  /** Adaptive clipping: the noisy unclipped fraction b̃ and the clip norm it sets for the next round. */
  unclippedFraction?: number;
  nextClip?: number;
}

/**
 * Why an edge client declined a task under its privacy policy (`fl-client
 * --require-dp …`), sent as `TaskAcceptReply.code` and recorded per round in
 * the round view's failures.
 */
export const PolicyRefusalCode = {
  /** The task is not differentially private (`--require-dp`, or a DP flag). */
  DpRequired: 'POLICY_DP_REQUIRED',
  /** Its noise multiplier is below `--min-noise`. */
  NoiseTooLow: 'POLICY_NOISE_TOO_LOW',
  /** Its job's ε budget is above `--max-epsilon`. */
  EpsilonTooHigh: 'POLICY_EPSILON_TOO_HIGH',
  /** Not a secure task (`--require-secure`). */
  SecureRequired: 'POLICY_SECURE_REQUIRED',
  /** A weaker threat model than `--require-secure active`. */
  ThreatModel: 'POLICY_THREAT_MODEL',
  /** Fewer clients offered the round than `--min-cohort`. */
  CohortTooSmall: 'POLICY_COHORT_TOO_SMALL',
  /** Fewer guaranteed contributors to a released sum than `--min-threshold`. */
  ThresholdTooLow: 'POLICY_THRESHOLD_TOO_LOW',
} as const;
export type PolicyRefusalCode = (typeof PolicyRefusalCode)[keyof typeof PolicyRefusalCode];
export const POLICY_REFUSAL_CODES: readonly string[] = Object.values(PolicyRefusalCode);
