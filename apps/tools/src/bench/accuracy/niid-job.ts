/**
 * @module bench/accuracy/niid-job
 * The federated job of `bench accuracy` and each party's `--data` spec.
 * Every party is in every round (clientsPerRound = minClients = N, no
 * over-selection), no federated evaluation (the tool evaluates the global
 * model on the test set), and a round deadline far above a 10-epoch round
 * on 2 shared cores, so no party's training is cut short.
 */
import type { CreateJobRequest } from '@fl/protocol';
import type { AccuracyOptions } from './accuracy-options';

export const ACCURACY_DATASET = 'fashion-mnist';
export const ROUND_DEADLINE_SECONDS = 6 * 3600;

/** `--data` of party `j`: Fashion-MNIST (first N images when limited), party j of the partition document. */
export function partyDataSpec(o: AccuracyOptions, partitionFile: string, j: number): string {
  const limit = o.trainExamples === null ? '' : `limit=${o.trainExamples}&`;
  return `fashion-mnist?${limit}partition=${encodeURIComponent(partitionFile)}&party=${j}`;
}

export function accuracyJob(o: AccuracyOptions): CreateJobRequest {
  return {
    name: `accuracy-${o.partition}-${o.strategy}-${o.secure ? 'secure' : 'plain'}`,
    model: { builtin: 'niid-cnn' },
    dataset: ACCURACY_DATASET,
    rounds: o.rounds,
    clientsPerRound: o.clients,
    minClients: o.clients,
    overSelection: 0,
    roundDeadlineSeconds: ROUND_DEADLINE_SECONDS,
    waitForClientsSeconds: 300,
    maxRoundRetries: 2,
    localEpochs: o.localEpochs,
    batchSize: o.batchSize,
    learningRate: o.learningRate,
    momentum: o.momentum,
    weightDecay: o.weightDecay,
    seed: o.seed,
    strategy: o.strategy === 'fedprox' ? { name: 'fedprox', proximalMu: o.mu } : { name: 'fedavg' },
    evaluate: false,
    ...(o.secure ? {} : { secureAggregation: { enabled: false } }),
  };
}
