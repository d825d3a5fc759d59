/**
 * @module client/masked-input
 * Round 2 (MaskedInputCollection, Bonawitz et al. §4): open the share
 * ciphertexts forwarded from U2 ∩ N(u) (each bound to this run, round, sender,
 * recipient and u's point), require |U2 ∩ N[u]| ≥ t, then send
 * `y_u = x_u + PRG(b_u) + Σ_{v ∈ U2 ∩ N(u)} p_{u,v}  (mod 2^32)`.
 * The masks are streamed straight into a copy of x_u (memory O(P)). Afterwards
 * c^SK, s^SK, b_u and the share keys kept from share-keys are wiped: only the
 * shares held for others remain.
 */
import { isValidId } from '../config';
import { deriveShareKey } from '../crypto/share-key';
import { applyMasks, pairMask, selfMask } from '../crypto/masks';
import { openShares } from '../crypto/share-cipher';
import { SecAggError, SecAggErrorCode } from '../errors';
import type { MaskedInputMessage, MaskedInputRequest } from '../messages';
import { isBytes, isWords } from '../util/bytes';
import { objectList } from '../util/guards';
import { expectRequest } from './expect';
import { backendOf, configOf, pointOf, type ClientEnv, type ClientState, type ClientStep, type HeldShares } from './state';

const STAGE = 'masked-input' as const;

export function clientMaskedInput(state: ClientState, req: MaskedInputRequest, input: Uint32Array, env: ClientEnv = {}): ClientStep<MaskedInputMessage> {
  const replay = expectRequest(state, req, STAGE);
  if (replay) return { state, output: replay as MaskedInputMessage };
  const cfg = configOf(state);
  if (!isWords(input) || input.length !== cfg.vectorLength) {
    throw new SecAggError(SecAggErrorCode.BadPayload, `input must be a Uint32Array of ${cfg.vectorLength} words`, STAGE, state.id);
  }
  const backend = backendOf(env);
  const me = state.id;
  const cKeys = state.cKeys!;
  const sKeys = state.sKeys!;
  const held: Record<string, HeldShares> = { [me]: state.held[me] };
  for (const e of objectList(req.ciphertexts, 'ciphertexts', STAGE, state.neighbours.length)) {
    const from = e.from as string;
    if (!isValidId(from) || from === me || !state.peerKeys[from]) {
      throw new SecAggError(SecAggErrorCode.BadPayload, `ciphertext from ${String(from)}, not a neighbour in U1`, STAGE, me);
    }
    if (held[from]) throw new SecAggError(SecAggErrorCode.Duplicate, `two ciphertexts from ${from}`, STAGE, from);
    if (!isBytes(e.nonce) || !isBytes(e.box)) throw new SecAggError(SecAggErrorCode.BadPayload, `malformed ciphertext from ${from}`, STAGE, from);
    const cached = state.shareKeys?.[from];
    const key = cached ?? deriveShareKey(backend, cfg.runId, cfg.round, { id: me, index: state.index }, { id: from, index: pointOf(cfg, from) }, cKeys.secretKey, state.peerKeys[from].cPk);
    const opened = openShares(key, { nonce: e.nonce, box: e.box }, { runId: cfg.runId, round: cfg.round, sender: from, recipient: me, x: state.index });
    if (!cached) key.fill(0);
    held[from] = { s: opened.sShare.y, b: opened.bShare.y };
  }
  const u2 = cfg.participants.filter((id) => held[id]);
  if (u2.length < cfg.t) throw new SecAggError(SecAggErrorCode.BelowThreshold, `|U2 ∩ N[u]| = ${u2.length} < t = ${cfg.t}`, STAGE, me);

  const self = { id: me, index: state.index };
  const masks = [selfMask(cfg.runId, cfg.round, me, state.b!, 1, (d) => backend.sha512(d))];
  for (const v of u2) {
    if (v === me) continue;
    const peer = { id: v, index: pointOf(cfg, v) };
    masks.push(pairMask(backend, cfg.runId, cfg.round, self, peer, sKeys.secretKey, state.peerKeys[v].sPk, 1));
  }
  const masked = Uint32Array.from(input);
  applyMasks(backend.prg(cfg.prg), masked, masks);
  cKeys.secretKey.fill(0);
  sKeys.secretKey.fill(0);
  state.b!.fill(0);
  for (const k of Object.values(state.shareKeys ?? {})) k.fill(0);
  const output: MaskedInputMessage = { runId: cfg.runId, round: cfg.round, stage: STAGE, sender: me, masked };
  const next = cfg.threatModel === 'active' ? 'consistency-check' : 'unmask';
  return { state: { ...state, next, held, cKeys: null, sKeys: null, b: null, shareKeys: undefined, last: { stage: STAGE, output } }, output };
}
