/**
 * @module rounds/round-refusal
 * Pure helpers for refusing a client result: checking that it names the
 * task's job, round and attempt, and mapping any thrown error to a
 * {@link ProtocolException} carrying the task id.
 */
import { AggregationError, InvalidArgumentError, WeightsError } from '@fl/fl-core';
import { ErrorCode } from '@fl/protocol';
import { ProtocolException } from '../common/errors/protocol.exception';

export interface ResultRef {
  jobId: string;
  round: number;
  attempt: number;
}

/**
 * @throws ProtocolException STALE_ROUND when the result names an earlier round
 *   or attempt of the same job, WRONG_ROUND for any other mismatch.
 */
export function checkResultRef(msg: ResultRef, task: ResultRef): void {
  if (msg.jobId === task.jobId && msg.round === task.round && msg.attempt === task.attempt) return;
  const older = msg.jobId === task.jobId && (msg.round < task.round || (msg.round === task.round && msg.attempt < task.attempt));
  throw new ProtocolException(
    older ? ErrorCode.StaleRound : ErrorCode.WrongRound,
    `result names job ${msg.jobId} round ${msg.round}.${msg.attempt}; the task is for job ${task.jobId} round ${task.round}.${task.attempt}`,
  );
}

/** Weights errors keep their code; other argument errors are BAD_PAYLOAD; anything else INTERNAL. */
export function toRefusal(e: unknown, taskId: string): ProtocolException {
  if (e instanceof ProtocolException) return new ProtocolException(e.code, e.message, taskId);
  if (e instanceof WeightsError) return new ProtocolException(e.code, e.message, taskId);
  if (e instanceof AggregationError && e.code === 'UPDATE_TOO_LARGE') return new ProtocolException(ErrorCode.UpdateTooLarge, e.message, taskId);
  if (e instanceof AggregationError || e instanceof InvalidArgumentError) return new ProtocolException(ErrorCode.BadPayload, e.message, taskId);
  return new ProtocolException(ErrorCode.Internal, `internal error: ${(e as Error).message}`, taskId);
}
