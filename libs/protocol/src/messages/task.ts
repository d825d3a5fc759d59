/**
 * @module messages/task
 * server → client, ack. Sent to each member of a round's cohort in the
 * `configuring` phase. The ack says whether the client takes the task; a
 * client that does not ack before the configure deadline is left out.
 */
import type { TaskKind } from '../enums';
import type { ModelRef } from './model';
import type { SecureTaskParams } from './secagg';
import type { TaskPrivacy } from '../rest/privacy';

export interface TrainHyperParams {
  localEpochs: number;
  batchSize: number;
  learningRate: number;
  /** FedProx proximal coefficient μ; 0 means plain FedAvg local training. */
  proximalMu: number;
  /** SGD momentum in [0, 1); absent or 0: plain SGD. A fresh optimiser (zero velocity) every task. */
  momentum?: number;
  /** L2 weight decay ≥ 0 added to the gradient (g + wd·w, as PyTorch's SGD); absent or 0: none. */
  weightDecay?: number;
}

export interface RoundTask {
  taskId: string;
  kind: TaskKind;
  jobId: string;
  round: number;
  attempt: number;
  /** Dataset name the client must train / evaluate on. */
  dataset: string;
  model: ModelRef;
  hyper: TrainHyperParams;
  /** Seed for local shuffling, derived from the job seed, round and client. */
  seed: number;
  /** Absolute deadline (ms since epoch, coordinator clock) for the result. */
  deadline: number;
  /**
   * Train tasks of a secure job: the update goes through secure aggregation
   * (`secagg:request` / `secagg:message`) instead of `update:commit`.
   */
  secure?: SecureTaskParams;
  /** Train tasks of a DP job: the clip norm and the job's DP parameters (docs/privacy.md). */
  privacy?: TaskPrivacy;
}

export interface TaskAcceptReply {
  accepted: boolean;
  reason?: string;
  /** A declined task: why, as a code (`PolicyRefusalCode`); the coordinator records it in the round's failures. */
  code?: string;
  /**
   * Secure train tasks: the example count the client's FedAvg weight counts,
   * declared in plain text when it accepts (the coordinator holds it to the
   * client's cap and takes the round's denominator from these declarations;
   * the client encodes its weight from the same count). Optional: without it
   * the count sent with the masked input is used.
   */
  numExamples?: number;
}

/**
 * client → server, ack: the client leaves a train task it accepted, either
 * for a reason its privacy policy can only give once the round is under way
 * (a secure round's actual threshold t, learnt from the advertise-keys
 * request, below `--min-threshold T`, docs/privacy.md "Client policy"; sent
 * before anything that depends on t), or because its local training failed
 * (a `TrainingFailureCode`: e.g. NON_FINITE when training diverged), so the
 * coordinator need not wait for the round deadline to know. The coordinator
 * drops the task and records `code` in the round's failures; nothing more
 * comes from the client for it.
 */
export interface TaskWithdraw {
  taskId: string;
  /** A `PolicyRefusalCode` or a `TrainingFailureCode` (`WITHDRAW_CODES`). */
  code: string;
  /** Why, in words (at most 500 characters). */
  reason: string;
}

/** server → client, no ack: the task ended before the client delivered (round closed or deadline). */
export interface TaskCancel {
  taskId: string;
  reason: string;
}

/**
 * Why a client's local training failed, as it tells the coordinator in a
 * `task:withdraw` (the trainer's own codes that are about the task, not the
 * client's cancellation or deadline).
 */
export const TrainingFailureCode = {
  /** Training diverged: NaN or ±Inf in the loss or the weights. */
  NonFinite: 'NON_FINITE',
  /** The local data does not fit the task's model. */
  InvalidData: 'INVALID_DATA',
  /** The task's model cannot be built. */
  InvalidModel: 'INVALID_MODEL',
  /** The global weights do not fit the task's model. */
  WrongShape: 'WRONG_SHAPE',
} as const;
export type TrainingFailureCode = (typeof TrainingFailureCode)[keyof typeof TrainingFailureCode];
export const TRAINING_FAILURE_CODES: readonly string[] = Object.values(TrainingFailureCode);
