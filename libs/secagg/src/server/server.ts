/**
 * @module server/server
 * The server's stage driver, transport-free and clock-free:
 * - `serverBegin(state)` → the advertise-keys request for every participant;
 * - `serverReceive(state, msg)` → accepted, or refused with a code (the
 *   state is left as it was): `WRONG_ROUND` (other run/round: a replay),
 *   `STAGE_ORDER` (not the stage being collected, e.g. a late masked input),
 *   `NOT_IN_COHORT`, `DUPLICATE`, `BAD_SIGNATURE`, `BAD_KEY`, `BAD_PAYLOAD`;
 * - `serverClose(state)` when the caller's deadline passes (or `serverPending`
 *   is empty) → the next stage's requests, `failed` (below t, with stage and
 *   client), or `done` with the sum.
 */
import { SecAggError, SecAggErrorCode } from '../errors';
import type { ClientMessage } from '../messages';
import { checkBound, isObject } from '../util/guards';
import { acceptAdvertiseKeys, advertiseRequests, closeAdvertiseKeys } from './advertise-keys';
import { acceptConsistencyCheck, closeConsistencyCheck } from './consistency-check';
import { acceptMaskedInput, closeMaskedInput } from './masked-input';
import { acceptShareKeys, closeShareKeys } from './share-keys';
import type { ReceiveOutput, ServerEnv, ServerStageOutput, ServerState, ServerStep } from './state';
import { acceptUnmask, closeUnmask } from './unmask';
import { isValidId } from '../config';
import { releaseSum } from '../crypto/wasm-add';

export function serverBegin(state: ServerState): ServerStep<ServerStageOutput> {
  if (state.stage !== 'advertise-keys' || state.u1) throw new SecAggError(SecAggErrorCode.BadState, 'round already begun');
  return { state, output: { kind: 'request', stage: 'advertise-keys', messages: advertiseRequests(state) } };
}

export function serverReceive(state: ServerState, msg: ClientMessage, env: ServerEnv = {}): ServerStep<ReceiveOutput> {
  try {
    if (state.stage === 'done' || state.stage === 'failed') throw new SecAggError(SecAggErrorCode.StageOrder, `round is ${state.stage}`, state.stage);
    checkBound(msg, state.config.runId, state.config.round, state.stage);
    if (!isObject(msg) || !isValidId(msg.sender)) throw new SecAggError(SecAggErrorCode.BadPayload, 'message needs a valid sender', state.stage);
    switch (msg.stage) {
      case 'advertise-keys':
        acceptAdvertiseKeys(state, msg, env);
        break;
      case 'share-keys':
        acceptShareKeys(state, msg);
        break;
      case 'masked-input':
        acceptMaskedInput(state, msg);
        break;
      case 'consistency-check':
        acceptConsistencyCheck(state, msg, env);
        break;
      case 'unmask':
        acceptUnmask(state, msg);
        break;
    }
    return { state, output: { accepted: true } };
  } catch (e) {
    if (!(e instanceof SecAggError)) throw e;
    const sender = isObject(msg) && typeof msg.sender === 'string' ? msg.sender : undefined;
    const error = e.toInfo();
    if (error.clientId === undefined && sender !== undefined) error.clientId = sender;
    return { state, output: { accepted: false, error } };
  }
}

export function serverClose(state: ServerState, env: ServerEnv = {}): ServerStep<ServerStageOutput> {
  let out: ServerStageOutput;
  switch (state.stage) {
    case 'advertise-keys':
      out = closeAdvertiseKeys(state);
      break;
    case 'share-keys':
      out = closeShareKeys(state);
      break;
    case 'masked-input':
      out = closeMaskedInput(state);
      break;
    case 'consistency-check':
      out = closeConsistencyCheck(state);
      break;
    case 'unmask':
      out = closeUnmask(state, env);
      break;
    default:
      throw new SecAggError(SecAggErrorCode.BadState, `round is ${state.stage}`);
  }
  if (out.kind === 'failed') {
    state.stage = 'failed';
    state.failure = out.failure;
    if (state.maskedSum) releaseSum(state.maskedSum);
    state.maskedSum = null;
  } else state.stage = out.kind === 'done' ? 'done' : out.stage;
  return { state, output: out };
}

/** Who the server still waits for in the stage it is collecting. */
export function serverPending(state: ServerState): string[] {
  const cfg = state.config;
  switch (state.stage) {
    case 'advertise-keys':
      return cfg.participants.filter((id) => !state.keys[id]);
    case 'share-keys':
      return state.u1!.filter((id) => !state.shares[id]);
    case 'masked-input':
      return state.u2!.filter((id) => !state.masked[id]);
    case 'consistency-check':
      return state.u3!.filter((id) => !state.consistency[id]);
    case 'unmask':
      return state.u4!.filter((id) => !state.responses[id]);
    default:
      return [];
  }
}
