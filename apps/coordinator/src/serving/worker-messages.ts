/**
 * @module serving/worker-messages
 * Messages between the {@link InferencePool} and its inference worker
 * threads. A worker does one request at a time and answers each with the
 * same `id` (`evaluate` is answered by `evaluated`). Models are keyed by their content hash; the pool decides which
 * a worker keeps (its LRU mirror) and tells it to `evict` the others.
 */

/** What a worker needs to load a model it does not hold. */
export interface ModelPayload {
  topology: object;
  /** FLW1 serialized weights (a copy: the stored bytes are never transferred). */
  bytes: Uint8Array;
}

export type ToWorker =
  | { kind: 'load'; id: number; hash: string; model?: ModelPayload }
  | { kind: 'predict'; id: number; hash: string; model?: ModelPayload; inputs: Float32Array; batch: number }
  | { kind: 'evict'; hashes: string[] }
  /** Centralized evaluation (docs/evaluation.md): loss and accuracy on the dataset a data spec names (loaded once, kept for the next version). */
  | { kind: 'evaluate'; id: number; hash: string; model?: ModelPayload; data: string };

/** What an `evaluate` request answers. */
export interface EvaluationReply {
  loss: number;
  accuracy: number;
  numExamples: number;
  /** Seconds the worker spent (data loading included). */
  seconds: number;
}

export interface ModelShapes {
  /** Per-example input shape (without the batch dimension); null for an unknown dim. */
  inputShape: Array<number | null>;
  outputShape: Array<number | null>;
}

/** The answer to one `load`, `predict` or `evaluate` request (by its `id`). */
export type WorkerReply =
  | ({ kind: 'loaded'; id: number } & ModelShapes)
  | { kind: 'predicted'; id: number; outputs: Float32Array }
  | ({ kind: 'evaluated'; id: number } & EvaluationReply)
  | { kind: 'failed'; id: number; message: string; missingModel?: boolean };

export type FromWorker =
  /** Unprompted: the worker selected its backend and takes requests… */
  | { kind: 'ready'; backend: string }
  /** …or could not start. */
  | { kind: 'fatal'; message: string }
  | WorkerReply;
