/**
 * @module client/expect
 * Stage discipline on the client: a request must be bound to this round and be
 * for the stage the client expects next (`STAGE_ORDER` otherwise). A repeat of
 * the request the client just answered gets the very same answer back (no new
 * randomness, no new shares): handlers are idempotent per (run, round, stage).
 */
import { SecAggError, SecAggErrorCode } from '../errors';
import type { ClientMessage } from '../messages';
import type { SecAggStage } from '../stages';
import { checkBound, isObject, badPayload } from '../util/guards';
import type { ClientState } from './state';

/** The stored answer if `msg` repeats the last answered stage, otherwise null after all checks pass. */
export function expectRequest(state: ClientState, msg: unknown, stage: SecAggStage): ClientMessage | null {
  if (!isObject(msg)) badPayload('request must be an object', stage);
  const cfg = state.config;
  if (!cfg) {
    if (stage !== 'advertise-keys' || state.next !== 'advertise-keys') {
      throw new SecAggError(SecAggErrorCode.StageOrder, `stage ${stage} before advertise-keys`, stage, state.id);
    }
    if (msg.stage !== stage) throw new SecAggError(SecAggErrorCode.StageOrder, `got a ${String(msg.stage)} request, expected ${stage}`, stage, state.id);
    return null;
  }
  if (state.last && state.last.stage === stage && msg.stage === stage) {
    checkBound(msg, cfg.runId, cfg.round, stage);
    return state.last.output;
  }
  if (state.next !== stage) {
    throw new SecAggError(SecAggErrorCode.StageOrder, `got a ${stage} request while expecting ${state.next}`, stage, state.id);
  }
  checkBound(msg, cfg.runId, cfg.round, stage);
  return null;
}
