/**
 * @module server/share-keys
 * Round 1 on the server: collect each u ∈ U1's share ciphertexts — exactly one
 * for every member of U1 ∩ N(u) — and forward them. The server cannot read
 * them (secretbox under keys only u and v can derive). Closing fixes U2.
 */
import { isValidId } from '../config';
import { NONCE_BYTES } from '../constants';
import { SecAggError, SecAggErrorCode } from '../errors';
import type { MaskedInputRequest, ServerMessage, ShareKeysMessage } from '../messages';
import { isBytes } from '../util/bytes';
import { objectList } from '../util/guards';
import type { SealedFromTo, ServerStageOutput, ServerState } from './state';
import { checkNeighbourhoods } from './threshold';

const STAGE = 'share-keys' as const;
/** Upper bound on one ciphertext: ids ≤ 128 chars, two 66-byte shares, framing, MAC. */
const MAX_BOX_BYTES = 1024;

export function acceptShareKeys(state: ServerState, msg: ShareKeysMessage): void {
  const id = msg.sender;
  // U1 is exactly the participants with keys (advertise-keys is closed): O(1), not a scan of U1.
  if (!Object.prototype.hasOwnProperty.call(state.keys, id)) throw new SecAggError(SecAggErrorCode.NotInCohort, `${id} is not in U1`, STAGE, id);
  if (state.shares[id]) throw new SecAggError(SecAggErrorCode.Duplicate, `${id} already sent its shares`, STAGE, id);
  const expected = new Set(state.neighbours[id].filter((v) => state.keys[v]));
  const list = objectList(msg.ciphertexts, 'ciphertexts', STAGE, expected.size);
  const out: Record<string, SealedFromTo> = {};
  for (const c of list) {
    const to = c.to as string;
    if (!isValidId(to) || !expected.has(to) || out[to]) {
      throw new SecAggError(SecAggErrorCode.BadPayload, `ciphertext of ${id} for ${String(to)}: not one per live neighbour`, STAGE, id);
    }
    if (!isBytes(c.nonce, NONCE_BYTES) || !isBytes(c.box) || c.box.length > MAX_BOX_BYTES) {
      throw new SecAggError(SecAggErrorCode.BadPayload, `malformed ciphertext of ${id} for ${to}`, STAGE, id);
    }
    out[to] = { nonce: c.nonce, box: c.box };
  }
  if (Object.keys(out).length !== expected.size) {
    throw new SecAggError(SecAggErrorCode.BadPayload, `${id} must send one ciphertext to each of its ${expected.size} live neighbours`, STAGE, id);
  }
  state.shares[id] = out;
}

export function closeShareKeys(state: ServerState): ServerStageOutput {
  const cfg = state.config;
  const u2 = state.u1!.filter((id) => state.shares[id]);
  const failure = checkNeighbourhoods(state, u2, STAGE);
  if (failure) return { kind: 'failed', failure };
  state.u2 = u2;
  const messages: Record<string, ServerMessage> = {};
  for (const u of u2) {
    const ciphertexts = state.neighbours[u].filter((v) => state.shares[v]?.[u]).map((v) => ({ from: v, ...state.shares[v][u] }));
    const req: MaskedInputRequest = { runId: cfg.runId, round: cfg.round, stage: 'masked-input', ciphertexts };
    messages[u] = req;
  }
  return { kind: 'request', stage: 'masked-input', messages };
}
