/**
 * @module rounds/round-ports
 * What the framework-free round engine needs from the rest of the
 * coordinator, as narrow interfaces. Nest services implement them in the app;
 * unit tests implement them with small in-test fakes.
 */
import type { ModelRef, RoundTask, SecAggRequest, TaskAcceptReply, TaskCancel } from '@fl/protocol';
import type { ModelWeights } from '@fl/fl-core';
import type { SerializedModel } from '../aggregation/aggregate-worker';

/** Which clients can take a task, and marking them busy. */
export interface CohortPort {
  /** Connected, idle clients holding `dataset`, sorted by id; with `signed`, only those with an enrolled signing key. */
  eligible(dataset: string, signed?: boolean): string[];
  /** The name the client registered with (stable across restarts, unlike its id). */
  nameOf(clientId: string): string;
  /** The example count the client registered (0 if unknown). */
  numExamplesOf(clientId: string): number;
  /** The Ed25519 public key pinned at the client's enrolment, if any. */
  signingKeyOf(clientId: string): Uint8Array | null;
  assignTask(clientId: string, taskId: string): void;
  releaseTask(clientId: string, taskId: string): void;
}

/** Talking to clients. */
export interface TaskPort {
  /** Sends a task; resolves with the client's answer (a refusal on timeout / offline). */
  offerTask(clientId: string, task: RoundTask, timeoutMs: number): Promise<TaskAcceptReply>;
  cancelTask(clientId: string, msg: TaskCancel): void;
  /**
   * Sends a secure-aggregation stage request (typed arrays as binary). `req`
   * builds it when it goes out, which may be a later event-loop iteration.
   */
  sendSecAgg(clientId: string, req: () => SecAggRequest): void;
}

/** Storing a new global model. */
export interface ModelPort {
  /** Stores `weights`; `serialized` is them already serialized and hashed (the aggregate worker's), used as is. */
  save(weights: ModelWeights, topology: object | null, serialized?: SerializedModel): Promise<{ hash: string }>;
  refOf(hash: string): Promise<ModelRef>;
}

/** Routing of incoming messages by task id to the round that owns the task. */
export interface TaskRouter {
  open(taskId: string, owner: unknown): void;
}

export interface RoundLogger {
  log(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  /** A logger adding `context` (job, round, attempt) to every line, where the logger keeps structured fields. */
  child?(context: { jobId: string; round?: number; attempt?: number }): RoundLogger;
}
