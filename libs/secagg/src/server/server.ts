/**
 * @module server/server
 * The server's stage driver, transport-free and clock-free:
 * - `serverBegin(state)` → the advertise-keys request for every participant;
 * - `serverReceive(state, msg)` → accepted, or refused with a code (the
 *   state is left as it was): `WRONG_ROUND` (other run/round: a replay),
 *   `STAGE_ORDER` (not the stage being collected, e.g. a late masked input),
 *   `NOT_IN_COHORT`, `DUPLICATE`, `BAD_SIGNATURE`, `BAD_KEY`, `BAD_PAYLOAD`;
 *   a complaint at masked-input (server/complaint) also yields a `verdict`:
 *   who is convicted and whether the attempt ended at once (then the state
 *   is `failed` with `SECAGG_MISBEHAVED`, nothing unmasked);
 * - `serverClose(state)` when the caller's deadline passes (or `serverPending`
 *   is empty) → the next stage's requests, `failed` (below t, with stage and
 *   client), or `done` with the sum; `serverCloseAsync` is the same with the
 *   final mask additions done by a `MaskAdder` (off the caller's thread).
 */
import { SecAggError, SecAggErrorCode } from '../errors';
import { isComplaint, type ClientMessage } from '../messages';
import { FalseComplaint, judgeComplaint } from './complaint';
import { checkBound, isObject } from '../util/guards';
import { acceptAdvertiseKeys, advertiseRequests, closeAdvertiseKeys } from './advertise-keys';
import { acceptConsistencyCheck, closeConsistencyCheck } from './consistency-check';
import { acceptMaskedInput, closeMaskedInput } from './masked-input';
import { acceptShareKeys, closeShareKeys } from './share-keys';
import type { ReceiveOutput, ServerEnv, ServerStageOutput, ServerState, ServerStep, Verdict } from './state';
import { acceptUnmask, closeUnmask, planUnmask } from './unmask';
import type { Mask } from '../crypto/prg';
import type { PrgId } from '../constants';
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
        acceptShareKeys(state, msg, env);
        break;
      case 'masked-input':
        if (isComplaint(msg)) return { state, output: { accepted: true, verdict: halt(state, judgeComplaint(state, msg, env)) } };
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
    if (e instanceof FalseComplaint) return { state, output: { accepted: false, error, verdict: halt(state, e.verdict) } };
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
  return settle(state, out);
}

/**
 * Adds masks into a sum somewhere else (e.g. a worker thread), leaving
 * `acc` exactly as `prg.addMasks(acc, masks)` would. The keys are wiped by the
 * caller once the promise settles.
 */
export type MaskAdder = (acc: Uint32Array, masks: readonly Mask[], prg: PrgId) => Promise<void>;

/**
 * `serverClose`, except that closing unmask hands the mask additions (the
 * bulk of the server's work: one keystream of P words per survivor) to
 * `addMasks` and waits for it. The caller must not deliver messages while
 * this is pending. An adder that throws fails the round (`BAD_STATE`).
 */
export async function serverCloseAsync(state: ServerState, env: ServerEnv, addMasks: MaskAdder): Promise<ServerStep<ServerStageOutput>> {
  if (state.stage !== 'unmask') return serverClose(state, env);
  const plan = planUnmask(state, env);
  if (plan.kind === 'failed') return settle(state, plan);
  try {
    await addMasks(plan.acc, plan.masks, plan.prg);
  } catch (e) {
    const message = `adding the masks failed: ${e instanceof Error ? e.message : String(e)}`;
    state.maskedSum = plan.acc; // released by settle
    return settle(state, { kind: 'failed', failure: { code: SecAggErrorCode.BadState, message, stage: 'unmask' } });
  } finally {
    for (const m of plan.masks) m.key.fill(0);
  }
  return settle(state, plan.done);
}

/** A verdict that convicts a sender of a ciphertext that does not open ends the attempt at once. */
function halt(state: ServerState, verdict: Verdict): Verdict {
  if (verdict.halted) {
    const guilty = verdict.convicted.map((c) => c.id);
    const message = verdict.convicted.map((c) => `${c.id}: ${c.reason}`).join('; ');
    settle(state, { kind: 'failed', failure: { code: SecAggErrorCode.Misbehaved, message, stage: 'masked-input', clientId: guilty[0], convicted: guilty } });
  }
  return verdict;
}

function settle(state: ServerState, out: ServerStageOutput): ServerStep<ServerStageOutput> {
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
      return state.u2!.filter((id) => !state.masked[id] && !state.complained[id]);
    case 'consistency-check':
      return state.u3!.filter((id) => !state.consistency[id]);
    case 'unmask':
      return state.u4!.filter((id) => !state.responses[id]);
    default:
      return [];
  }
}
