/**
 * @module server/masked-input
 * Round 2 on the server: fold each masked input y_u (u ∈ U2) into one running
 * sum as it arrives — memory O(P) whatever the cohort. Closing fixes U3 (late
 * inputs are refused with STAGE_ORDER from then on), lists the dropped users
 * whose pairwise masks must be removed, checks every needed secret still has t
 * live holders, and asks U3 for consistency signatures (active) or for shares
 * (semi-honest).
 */
import { SecAggError, SecAggErrorCode } from '../errors';
import type { ConsistencyCheckRequest, MaskedInputMessage, ServerMessage } from '../messages';
import { addVector } from '../crypto/prg';
import { residentSum } from '../crypto/wasm-add';
import { isWords } from '../util/bytes';
import type { ServerStageOutput, ServerState } from './state';
import { checkNeighbourhoods, checkRecoverable } from './threshold';
import { unmaskRequests } from './unmask';

const STAGE = 'masked-input' as const;

export function acceptMaskedInput(state: ServerState, msg: MaskedInputMessage): void {
  const id = msg.sender;
  if (!state.shares[id]) throw new SecAggError(SecAggErrorCode.NotInCohort, `${id} is not in U2`, STAGE, id);
  if (state.masked[id] || state.complained[id]) throw new SecAggError(SecAggErrorCode.Duplicate, `${id} already sent its masked input or a complaint`, STAGE, id);
  const y = msg.masked;
  const P = state.config.vectorLength;
  if (!isWords(y) || y.length !== P) throw new SecAggError(SecAggErrorCode.BadPayload, `masked input of ${id} must be ${P} uint32 words`, STAGE, id);
  const acc = (state.maskedSum ??= residentSum(P) ?? new Uint32Array(P));
  addVector(acc, y);
  state.masked[id] = true;
}

export function closeMaskedInput(state: ServerState): ServerStageOutput {
  const cfg = state.config;
  const u3 = state.u2!.filter((id) => state.masked[id]);
  const inU3 = new Set(u3);
  const dropped = state.u2!.filter((v) => !inU3.has(v) && Object.keys(state.shares[v]).some((u) => inU3.has(u)));
  state.u3 = u3;
  state.dropped = dropped;
  const failure = checkNeighbourhoods(state, u3, STAGE) ?? checkRecoverable(state, u3, STAGE);
  if (failure) return { kind: 'failed', failure };
  if (cfg.threatModel === 'semi-honest') {
    state.u4 = u3;
    return { kind: 'request', stage: 'unmask', messages: unmaskRequests(state) };
  }
  const messages: Record<string, ServerMessage> = {};
  for (const u of u3) {
    const req: ConsistencyCheckRequest = { runId: cfg.runId, round: cfg.round, stage: 'consistency-check', survivors: u3 };
    messages[u] = req;
  }
  return { kind: 'request', stage: 'consistency-check', messages };
}
