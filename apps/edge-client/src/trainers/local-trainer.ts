/**
 * @module trainers/local-trainer
 * What the agent needs from a trainer: train a task's global model on local
 * data, or evaluate it. Implementations: `TfjsTrainer` (real training with
 * `@fl/trainer-tfjs`) and `EchoTrainer` (benchmark mode, no TF.js).
 */
import type { Backend, DatasetInfo, RoundTask, TrainMetrics } from '@fl/protocol';
import type { ModelWeights } from '@fl/fl-core';

export interface TrainOutcome {
  weights: ModelWeights;
  /** Local training examples n_k. */
  numExamples: number;
  metrics: TrainMetrics;
  /** FedProx μ the trainer actually applied (echoed to the coordinator). */
  proximalMu: number;
  /** DP tasks: the update was within the clip norm before clipping (adaptive clipping's bit, dp-clip). */
  unclipped?: boolean;
  /**
   * `serializeWeights(weights)`, when the trainer already produced it (the echo
   * trainer writes straight into a reused serialized buffer); the uploader
   * sends it instead of serializing again.
   */
  serialized?: Uint8Array;
}

export interface EvalOutcome {
  numExamples: number;
  loss: number;
  accuracy: number;
}

export interface LocalTrainer {
  /** Backend the trainer computes with (`none` for echo). */
  readonly backend: Backend;
  /** Dataset name and training example count announced at registration. */
  readonly dataset: DatasetInfo;
  /** Trains on local data; should stop early (reject) once `signal` aborts. */
  train(task: RoundTask, global: ModelWeights, signal: AbortSignal): Promise<TrainOutcome>;
  evaluate(task: RoundTask, global: ModelWeights): Promise<EvalOutcome>;
  dispose(): void;
}
