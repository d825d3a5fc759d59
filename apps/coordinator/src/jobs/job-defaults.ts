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
 * | seed | 42 | cohort sampling, client shuffling and initial weights are reproducible |
 * | strategy | { name: 'fedavg' } | plain example-weighted FedAvg (ALGORITHMS.md §1) |
 * | evaluate | true | federated evaluation of each new global model |
 * | name | `<dataset>-<model>` | |
 */
import type { JobConfig } from '@fl/protocol';

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
  seed: 42,
  strategy: { name: 'fedavg' },
  evaluate: true,
} as const satisfies Partial<JobConfig>;

export function defaultMinClients(clientsPerRound: number): number {
  return Math.min(2, clientsPerRound);
}
