/**
 * @module rest/jobs
 * REST shapes for federated jobs (`/api/jobs`). The coordinator validates the
 * request DTOs; these are the shapes clients of the API compile against.
 */
import type { JobStatus, RoundPhase } from '../enums';
import type { SecAggRoundView, SecAggThreatModel } from '../messages/secagg';
import type { RoundEvaluationSummary } from './evaluations';
import type { RoundMember } from './round-members';
import type { PrivacyConfig, PrivacyLedgerView, PrivacyRequest, RoundPrivacyView } from './privacy';

/** Built-in model names. `synthetic` is a layout-only model for communication benchmarks. */
export const BUILTIN_MODELS = ['mnist-cnn', 'mnist-mlp', 'niid-cnn', 'synthetic'] as const;
export type BuiltinModel = (typeof BUILTIN_MODELS)[number];

export interface ModelSpec {
  /** A built-in model, or omit and give `layers`. */
  builtin?: BuiltinModel;
  /** Parameter count, only for `synthetic`. */
  params?: number;
  /** TF.js Layers JSON (the object `model.toJSON()` returns, parsed). */
  layers?: object;
  /** Start from a model registry version (e.g. an imported model): its topology and weights. */
  version?: string;
}

export const STRATEGIES = ['fedavg', 'fedprox', 'fedavgm', 'fedadam', 'fedyogi', 'fedadagrad', 'fedmedian', 'fedtrimmedavg', 'krum', 'bulyan'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

export interface StrategyConfig {
  name: StrategyName;
  /** Server learning rate η (server optimisers). */
  serverLearningRate?: number;
  /** FedProx μ. */
  proximalMu?: number;
  /** FedAvgM momentum β. */
  momentum?: number;
  beta1?: number;
  beta2?: number;
  tau?: number;
  /** FedTrimmedAvg: fraction β ∈ [0, 0.5) trimmed at each end, per coordinate. */
  beta?: number;
  /** Krum / Bulyan: number of Byzantine clients f tolerated (integer ≥ 0). */
  f?: number;
  /** Krum: updates averaged (m = 1: Krum, m > 1: Multi-Krum; integer ≥ 1). */
  m?: number;
}

/** `auto`: the platform's SecAgg+ choice of (k, t) for the cohort size and rates; `complete`: Bonawitz (k = n − 1). */
export const SECAGG_GRAPHS = ['auto', 'complete'] as const;
export type SecAggGraph = (typeof SECAGG_GRAPHS)[number];

export interface SecureAggregationConfig {
  /** On by default: the coordinator only ever sees the sum of the round's updates. */
  enabled: boolean;
  graph: SecAggGraph;
  threatModel: SecAggThreatModel;
  /** Expected fraction of the cohort that drops out during a round (ρ), used by `auto`. */
  expectedDropout: number;
  /** Assumed fraction of corrupt clients (γ), used to choose t. */
  corruption: number;
  /** Clip bound c per coordinate of a client's update (delta to the global model). */
  clip: number;
  /** Seconds each key-exchange / unmasking stage waits for clients. */
  stageTimeoutSeconds: number;
}

export const UPDATE_BOUND_ACTIONS = ['clip', 'refuse', 'off'] as const;
export type UpdateBoundAction = (typeof UPDATE_BOUND_ACTIONS)[number];
export const UPDATE_BOUND_RULES = ['fixed', 'median', 'quantile'] as const;
export type UpdateBoundRule = (typeof UPDATE_BOUND_RULES)[number];

/**
 * Plain rounds: the L2 bound on each update (the delta to the global model)
 * before it is folded in (README "Bounded influence").
 */
export interface UpdateBoundConfig {
  /** `clip` scales an update above the bound down to it; `refuse` refuses it (UPDATE_TOO_LARGE); `off` disables the bound. */
  action: UpdateBoundAction;
  /** `fixed`: always `norm`; `median`: `multiple` × the median norm of the same round's updates (applied when training closes); `quantile`: Andrew et al. (NeurIPS 2021). */
  rule: UpdateBoundRule;
  /** The `fixed` bound, the `quantile` rule's first bound, and the `median` rule's when the median norm is 0. */
  norm: number;
  /** `median`: the multiple of the median norm. */
  multiple: number;
  /** `quantile`: target fraction γ of unclipped updates, in (0, 1). */
  targetQuantile: number;
  /** `quantile`: geometric learning rate η_C. */
  learningRate: number;
}

/** What the update bound did in one plain attempt. */
export interface UpdateBoundView {
  action: UpdateBoundAction;
  rule: UpdateBoundRule;
  /** The bound applied (null when `off`). */
  bound: number | null;
  /** Updates whose norm was measured. */
  measured: number;
  /** Updates scaled down to the bound. */
  clipped: number;
  /** Updates refused for exceeding it. */
  refused: number;
  maxNorm: number | null;
  medianNorm: number | null;
  /** The bound the next round uses (adaptive rules). */
  nextBound: number | null;
}

export interface JobConfig {
  name: string;
  model: ModelSpec;
  /** Dataset name clients must hold. */
  dataset: string;
  rounds: number;
  /** Target number of results per round. */
  clientsPerRound: number;
  /** Fewest results with which a round still completes. */
  minClients: number;
  /** Extra fraction sampled beyond `clientsPerRound` (0.3 = 130 %). */
  overSelection: number;
  /** Seconds a round may spend training before stragglers are dropped. */
  roundDeadlineSeconds: number;
  /** Seconds to wait for enough eligible clients to connect. */
  waitForClientsSeconds: number;
  /** How often a failed round is retried with a new cohort before the job fails. */
  maxRoundRetries: number;
  localEpochs: number;
  batchSize: number;
  learningRate: number;
  /** Client SGD momentum μ (PyTorch semantics; 0 = plain SGD). Absent in jobs created before it existed. */
  momentum?: number;
  /** Client L2 weight decay, added to the gradient (coupled, as PyTorch's SGD). */
  weightDecay?: number;
  seed: number;
  strategy: StrategyConfig;
  /** Run federated evaluation of each new global model on clients' local test splits. */
  evaluate: boolean;
  /**
   * Evaluation cadence: rounds r with r % evaluateEvery = 0 are evaluated,
   * and always the last round. Absent in jobs created before it existed (then 1: every round).
   */
  evaluateEvery?: number;
  /**
   * Held-out dataset the coordinator evaluates each evaluated version on, as a
   * data spec (e.g. `fashion-mnist?split=test`, `mnist?tail=2000`); null or absent: none.
   */
  evalData?: string | null;
  secureAggregation: SecureAggregationConfig;
  /**
   * Largest example count any client's FedAvg weight counts, besides its
   * enrolled cap (README "Bounded influence"). Absent in jobs created before it existed (then the default).
   */
  maxExamplesPerClient?: number;
  /** Plain rounds: the L2 bound on each update. Absent in jobs created before it existed (then the default). */
  updateBound?: UpdateBoundConfig;
  /** Differential privacy (docs/privacy.md); null or absent: off. */
  privacy?: PrivacyConfig | null;
}

export type CreateJobRequest = Partial<Omit<JobConfig, 'model' | 'dataset' | 'secureAggregation' | 'updateBound' | 'privacy'>> &
  Pick<JobConfig, 'model' | 'dataset'> & { secureAggregation?: Partial<SecureAggregationConfig>; updateBound?: Partial<UpdateBoundConfig>; privacy?: PrivacyRequest };

export interface RoundMetrics {
  /** Example-weighted mean training loss of the aggregated clients. */
  trainLoss: number | null;
  trainAccuracy: number | null;
  /** Example-weighted federated evaluation of the new global model. */
  evalLoss: number | null;
  evalAccuracy: number | null;
  /** Training examples behind the aggregate (Σ n_k). */
  examples: number;
}

export interface RoundFailure {
  clientId: string;
  code: string;
  reason: string;
}

export interface RoundView {
  round: number;
  attempt: number;
  phase: RoundPhase;
  cohort: string[];
  /** Clients whose update went into the aggregate. */
  participants: string[];
  failures: RoundFailure[];
  metrics: RoundMetrics | null;
  startedAt: string;
  endedAt: string | null;
  seconds: number | null;
  failureReason: string | null;
  /** Deadline of the current phase (ISO), when one is running. */
  phaseDeadline: string | null;
  /** Secure aggregation status; null for plain rounds. */
  secureAggregation: SecAggRoundView | null;
  /** Seconds spent in each phase so far. */
  phaseSeconds: Partial<Record<RoundPhase, number>>;
  /** Plain rounds: what the update bound did (clipped and refused updates); absent for secure rounds and older records. */
  updateBound?: UpdateBoundView | null;
  /** A completed, evaluated round: its federated and centralized results (history with per-client rows: `GET /api/jobs/:id/evaluations`). */
  evaluation?: RoundEvaluationSummary | null;
  /** Each train-cohort member's steps through the attempt (the dashboard's timeline); absent in older records. */
  members?: RoundMember[];
  /** DP jobs: the noise the released sum carries and from how many contributors. */
  privacy?: RoundPrivacyView | null;
  /**
   * A secure attempt whose unmasked sum was refused (WEIGHT_MISMATCH,
   * SUM_OUT_OF_RANGE): the members whose inputs were in it. One of them chose
   * its words; nobody can tell which, so none is blamed, but the job's later
   * cohorts screen them (docs/secure-aggregation.md "Screening suspects").
   */
  refusedSum?: RefusedSumView | null;
}

export interface RefusedSumView {
  code: string;
  /** The survivors whose masked inputs made the refused sum, sorted. */
  contributors: string[];
}

/**
 * A client held back from this job's cohorts because it was in an attempt
 * whose sum was refused and has not been in a completed attempt since
 * (docs/secure-aggregation.md "Screening suspects"). Not a conviction: it is
 * still picked when the round cannot reach its minimum otherwise, and one
 * completed attempt clears it.
 */
export interface SuspectClient {
  clientId: string;
  /** The refused attempt it is suspected from. */
  round: number;
  attempt: number;
  code: string;
}

/**
 * A client convicted of misbehaving in a secure round of this job
 * (`SECAGG_MISBEHAVED` in that attempt's failures; docs/secure-aggregation.md
 * "Blame"): never picked again for the job's cohorts.
 */
export interface QuarantinedClient {
  clientId: string;
  /** The round and attempt in which it was convicted. */
  round: number;
  attempt: number;
  reason: string;
}

export interface JobView {
  id: string;
  status: JobStatus;
  config: JobConfig;
  /** 1-based index of the current (or last) round; 0 before the first. */
  currentRound: number;
  completedRounds: number;
  rounds: RoundView[];
  modelHash: string;
  /** Registry id of the current global model version. */
  modelVersionId: string;
  parameterCount: number;
  createdAt: string;
  statusReason: string | null;
  /** Clients quarantined for the rest of this job (secure aggregation blame), in order of conviction. */
  quarantined: QuarantinedClient[];
  /** Clients its cohorts currently screen (in a refused secure sum, not cleared since); absent in older responses. */
  suspects?: SuspectClient[];
  /** DP jobs: the privacy ledger (ε spent after every round, the budget); null otherwise. */
  privacy: PrivacyLedgerView | null;
}
