/**
 * @module server/share-keys
 * Round 1 on the server: collect each u ∈ U1's share ciphertexts — exactly one
 * for every member of U1 ∩ N(u) — and forward them. The server cannot read
 * them (secretbox under keys only u and v can derive). Closing fixes U2.
 * Active model: each ciphertext must carry its sender's signature
 * (crypto/transcripts), checked here, so the server never forwards one it
 * could not attribute (`BAD_SIGNATURE` refuses the whole message; the sender
 * then counts as silent). The signatures make a complaint against a
 * ciphertext that does not open provable (server/complaint).
 */
import { isValidId } from '../config';
import { NONCE_BYTES } from '../constants';
import { SecAggError, SecAggErrorCode } from '../errors';
import type { MaskedInputRequest, ServerMessage, ShareKeysMessage } from '../messages';
import { isBytes } from '../util/bytes';
import { objectList } from '../util/guards';
import { shareCiphertextTranscript } from '../crypto/transcripts';
import { serverBackend, type SealedFromTo, type ServerEnv, type ServerStageOutput, type ServerState } from './state';
import { checkNeighbourhoods } from './threshold';

const STAGE = 'share-keys' as const;
/** Upper bound on one ciphertext: ids ≤ 128 chars, two 66-byte shares, framing, MAC. */
const MAX_BOX_BYTES = 1024;

export function acceptShareKeys(state: ServerState, msg: ShareKeysMessage, env: ServerEnv = {}): void {
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
    if (c.signature !== undefined) out[to].signature = c.signature as Uint8Array;
  }
  if (Object.keys(out).length !== expected.size) {
    throw new SecAggError(SecAggErrorCode.BadPayload, `${id} must send one ciphertext to each of its ${expected.size} live neighbours`, STAGE, id);
  }
  const cfg = state.config;
  if (cfg.threatModel === 'active') {
    const backend = serverBackend(env);
    for (const [to, c] of Object.entries(out)) {
      const ok = isBytes(c.signature, 64) && backend.ed25519Verify(shareCiphertextTranscript(cfg.runId, cfg.round, id, to, c.nonce, c.box), c.signature, cfg.signingKeys[id]);
      if (!ok) throw new SecAggError(SecAggErrorCode.BadSignature, `the ciphertext of ${id} for ${to} is not signed by ${id}'s enrolled key`, STAGE, id);
    }
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
