/**
 * @module messages/update
 * client → server, ack. A trained client uploads its weights in chunks
 * (`update:chunk`, in index order), then commits them with its example count
 * and metrics (`update:commit`). An update that fits in one chunk may instead
 * travel inside the commit itself (`UpdateCommit.data`, no `update:chunk`),
 * when the coordinator's `RegisterReply.commitWithData` says it accepts that:
 * one message and one ack instead of two. The coordinator validates shape, values,
 * size, round and cohort membership; a refused update gets an error ack and a
 * `client:error` event and is left out of the aggregate.
 */

export interface UpdateChunk {
  taskId: string;
  index: number;
  total: number;
  /** Size of the whole serialized update, announced with every chunk. */
  totalBytes: number;
  data: Uint8Array;
}

export interface TrainMetrics {
  /** Mean training loss of the last local epoch. */
  loss: number;
  /** Training accuracy of the last local epoch, in [0, 1]. */
  accuracy: number;
  /** Examples processed (examples × epochs). */
  examplesProcessed: number;
  /** Wall-clock seconds of local training. */
  seconds: number;
}

export interface UpdateCommit {
  taskId: string;
  jobId: string;
  round: number;
  attempt: number;
  /** Local training examples n_k (the FedAvg weight before capping). */
  numExamples: number;
  metrics: TrainMetrics;
  /** The μ the client actually used (FedProx), echoed for auditing. */
  proximalMu: number;
  /**
   * DP jobs in trusted-server mode with adaptive clipping (docs/privacy.md):
   * whether the update was within the task's clip norm before the client
   * clipped it (Andrew et al. NeurIPS 2021's bit; the coordinator counts it
   * only if it did not have to clip the update itself, and noises the count).
   */
  unclipped?: boolean;
  /**
   * The whole serialized update (at most `maxChunkBytes`), sent with the
   * commit instead of in `update:chunk` messages; only to a coordinator whose
   * `RegisterReply.commitWithData` is true. Absent: the chunks already sent.
   */
  data?: Uint8Array;
}

/** client → server, ack: result of an `evaluate` task. */
export interface EvaluateResult {
  taskId: string;
  jobId: string;
  round: number;
  attempt: number;
  numExamples: number;
  loss: number;
  accuracy: number;
  /**
   * Extra metrics the model defines (e.g. `f1`, `auc`), by name: finite
   * numbers, at most `MAX_EVAL_METRICS` names of at most
   * `MAX_METRIC_NAME_LENGTH` characters (limits).
   */
  metrics?: Record<string, number>;
}
