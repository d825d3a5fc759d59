/**
 * @module jobs/job-defaults
 * Defaults of every optional job setting, and why.
 *
 * | setting | default | why |
 * | --- | --- | --- |
 * | rounds | 5 | a short run; set it for real training |
 * | clientsPerRound | 8 | target number of aggregated updates per round |
 * | minClients | min(2, clientsPerRound) | an "average" of one client is just that client |
 * | overSelection | 0.3 | sample 130 %: ~6–10 % of devices drop (Bonawitz et al., MLSys 2019) |
 * | roundDeadlineSeconds | 120 | training + upload time per round before stragglers are dropped |
 * | waitForClientsSeconds | 300 | time to wait for enough eligible clients before an attempt fails |
 * | maxRoundRetries | 3 | a failed round is retried 3 times (4 attempts) before the job fails |
 * | localEpochs | 1 | FedAvg E = 1 |
 * | batchSize | 32 | |
 * | learningRate | 0.01 | client SGD step |
 * | momentum | 0 | plain SGD, the optimiser the FedAvg / FedProx analyses assume |
 * | weightDecay | 0 | no L2 term |
 * | seed | 42 | cohort sampling, client shuffling and initial weights are reproducible |
 * | strategy | { name: 'fedavg' } | plain example-weighted FedAvg (McMahan et al., AISTATS 2017) |
 * | evaluate | true | federated evaluation of each new global model |
 * | evaluateEvery | 1 | evaluate every round (k: rounds k, 2k, … and always the last); docs/evaluation.md |
 * | evalData | null | no centralized evaluation; a data spec the coordinator holds turns it on (docs/evaluation.md) |
 * | name | `<dataset>-<model>` | |
 * | secureAggregation.enabled | true | the product's promise: the coordinator only sees the sum |
 * | secureAggregation.graph | auto | SecAgg+ (k ≈ O(log n)) once the cohort is large enough; the complete graph below that |
 * | secureAggregation.threatModel | active | signatures + consistency check: a lying server cannot get both shares |
 * | secureAggregation.expectedDropout | 0.1 | ρ; Bonawitz et al. (MLSys 2019) see 6–10 % of devices drop |
 * | secureAggregation.corruption | 0.05 | γ, as in Bell et al.'s parameter tables |
 * | secureAggregation.clip | 1 | per-coordinate bound on a client's delta; the clip fraction is reported per round |
 * | secureAggregation.stageTimeoutSeconds | 30 | key exchange and unmasking are small messages |
 * | maxExamplesPerClient | 100000 | the largest example count a FedAvg weight counts (as the enrollment default cap) |
 * | updateBound.action | clip | plain rounds: an update above the L2 bound is scaled down to it (`refuse` refuses it, `off` disables) |
 * | updateBound.rule | median | the bound follows the updates: multiple × the median norm of the *same* round's updates, applied once they are all in (no generous first-round bound; a minority cannot move the median). The round keeps its updates until then: clientsPerRound × parameters × 4 bytes must fit the 1 GiB kept-update cap or the job is refused (jobs/kept-updates) |
 * | updateBound.norm | 100 | the `fixed` rule's bound, the `quantile` rule's first bound, and `median`'s when the median norm is 0 |
 * | updateBound.multiple | 1 | `median`: clip at the median norm, the γ = 0.5 target of Andrew et al. (NeurIPS 2021): about half the honest updates pass untouched, and no update is longer than a typical one (3 × let two sign-flipped updates of ten nearly cancel the rest: docs/robust-aggregation.md) |
 * | updateBound.targetQuantile | 0.5 | `quantile`: γ, Andrew et al. (NeurIPS 2021) |
 * | updateBound.learningRate | 0.2 | `quantile`: η_C, Andrew et al. (NeurIPS 2021) |
 */
import type { JobConfig, SecureAggregationConfig, UpdateBoundConfig } from '@fl/protocol';
import { DEFAULT_SECAGG_POLICY } from '@fl/secagg';

export const JOB_DEFAULTS = {
  rounds: 5,
  clientsPerRound: 8,
  overSelection: 0.3,
  roundDeadlineSeconds: 120,
  waitForClientsSeconds: 300,
  maxRoundRetries: 3,
  localEpochs: 1,
  batchSize: 32,
  learningRate: 0.01,
  momentum: 0,
  weightDecay: 0,
  seed: 42,
  strategy: { name: 'fedavg' },
  evaluate: true,
  evaluateEvery: 1,
  evalData: null,
} as const satisfies Partial<JobConfig>;

export const SECURE_AGGREGATION_DEFAULTS: SecureAggregationConfig = Object.freeze({
  enabled: true,
  graph: 'auto',
  threatModel: 'active',
  expectedDropout: DEFAULT_SECAGG_POLICY.dropout, // edge clients check (k, t) against the same policy
  corruption: DEFAULT_SECAGG_POLICY.corruption,
  clip: 1,
  stageTimeoutSeconds: 30,
});

/** Default of `maxExamplesPerClient` (jobs created before it existed use it too). */
export const MAX_EXAMPLES_PER_CLIENT_DEFAULT = 100_000;

export const UPDATE_BOUND_DEFAULTS: UpdateBoundConfig = Object.freeze({
  action: 'clip',
  rule: 'median',
  norm: 100,
  multiple: 1,
  targetQuantile: 0.5,
  learningRate: 0.2,
});

/** The job's update bound, with defaults for jobs created before it existed. */
export function updateBoundOf(config: Pick<JobConfig, 'updateBound'>): UpdateBoundConfig {
  return config.updateBound ?? UPDATE_BOUND_DEFAULTS;
}

/** The job's evaluation cadence, with the default for jobs created before it existed. */
export function evaluateEveryOf(config: Pick<JobConfig, 'evaluateEvery'>): number {
  return config.evaluateEvery ?? JOB_DEFAULTS.evaluateEvery;
}

/** The job's example cap, with the default for jobs created before it existed. */
export function maxExamplesOf(config: Pick<JobConfig, 'maxExamplesPerClient'>): number {
  return config.maxExamplesPerClient ?? MAX_EXAMPLES_PER_CLIENT_DEFAULT;
}

export function defaultMinClients(clientsPerRound: number): number {
  return Math.min(2, clientsPerRound);
}
