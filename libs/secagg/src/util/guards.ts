/**
 * @module util/guards
 * Small named guards for untrusted messages (tweetnacl style): each throws a
 * `SecAggError` with a code and names the field.
 */
import { isValidId } from '../config';
import { SecAggError, SecAggErrorCode } from '../errors';
import type { Bound } from '../messages';
import type { SecAggStage } from '../stages';

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

export function badPayload(msg: string, stage?: string, clientId?: string): never {
  throw new SecAggError(SecAggErrorCode.BadPayload, msg, stage, clientId);
}

/** An array of valid, distinct ids. */
export function idList(v: unknown, what: string, stage?: string, max = Infinity): string[] {
  if (!Array.isArray(v) || v.length > max) badPayload(`${what} must be an array of ids`, stage);
  const seen = new Set<string>();
  for (const id of v) {
    if (!isValidId(id)) badPayload(`${what} holds an invalid id`, stage);
    if (seen.has(id)) badPayload(`${what} repeats ${id}`, stage);
    seen.add(id);
  }
  return v as string[];
}

/** An array of objects, bounded. */
export function objectList(v: unknown, what: string, stage: string, max: number): Record<string, unknown>[] {
  if (!Array.isArray(v) || v.length > max || !v.every(isObject)) badPayload(`${what} must be an array of at most ${max} objects`, stage);
  return v as Record<string, unknown>[];
}

/**
 * Checks the (runId, round) binding, then the stage: `WRONG_ROUND` for another
 * run or round (a replay), `STAGE_ORDER` for a stage other than `expected`.
 */
export function checkBound(msg: unknown, runId: string, round: number, expected: SecAggStage | 'done' | 'failed'): asserts msg is Bound<SecAggStage> {
  if (!isObject(msg)) badPayload('message must be an object');
  if (msg.runId !== runId || msg.round !== round) {
    throw new SecAggError(SecAggErrorCode.WrongRound, `message for run ${String(msg.runId)} round ${String(msg.round)}, expected ${runId} round ${round}`, String(msg.stage));
  }
  if (msg.stage !== expected) {
    throw new SecAggError(SecAggErrorCode.StageOrder, `message for stage ${String(msg.stage)} while expecting ${expected}`, String(msg.stage));
  }
}
