/**
 * @module bench/simulate-job
 * The job the simulation benchmark and its e2e test run on virtual clients:
 * a small model (softmax regression on 28×28 digits: Flatten → Dense 10,
 * 7,850 parameters) on the `mnist` package digits, secure aggregation with
 * the coordinator's defaults, no evaluation. Small on purpose: what these
 * runs measure is many clients on the real protocol, not training.
 */
import type { CreateJobRequest } from '@fl/protocol';

/** TF.js Layers JSON of the model. */
export const SMALL_MNIST_MODEL = {
  class_name: 'Sequential',
  config: {
    name: 'softmax_regression',
    layers: [
      { class_name: 'Flatten', config: { name: 'flatten', batch_input_shape: [null, 28, 28, 1] } },
      { class_name: 'Dense', config: { name: 'dense', units: 10, activation: 'softmax' } },
    ],
  },
} as const;

/** `--data` template: client i holds shard i of an IID `clients`-way split of the package's 10,000 digits. */
export const simulationData = (clients: number): string => `mnist?shard=i/${clients}`;

/** A secure job of `rounds` rounds, `perRound` clients sampled each round, every one of them needed. */
export function simulationJob(name: string, perRound: number, rounds: number): CreateJobRequest {
  return {
    name,
    model: { layers: SMALL_MNIST_MODEL },
    dataset: 'mnist',
    rounds,
    clientsPerRound: perRound,
    minClients: perRound,
    overSelection: 0,
    roundDeadlineSeconds: 600,
    waitForClientsSeconds: 60,
    localEpochs: 1,
    batchSize: 16,
    learningRate: 0.1,
    seed: 7,
    evaluate: false,
    strategy: { name: 'fedavg' },
  };
}
