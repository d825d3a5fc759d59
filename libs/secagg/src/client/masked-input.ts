/**
 * @module client/masked-input
 * Round 2 (MaskedInputCollection, Bonawitz et al. §4): open the share
 * ciphertexts forwarded from U2 ∩ N(u) (each bound to this run, round, sender,
 * recipient and u's point), require |U2 ∩ N[u]| ≥ t, then send
 * `y_u = x_u + PRG(b_u) + Σ_{v ∈ U2 ∩ N(u)} p_{u,v}  (mod 2^32)`.
 * The masks are streamed straight into a copy of x_u (memory O(P)). Afterwards
 * the c_{u,v}^SK, s^SK, b_u and the share keys kept from share-keys are wiped: only the
 * shares held for others remain.
 *
 * Blame (active model; docs/secure-aggregation.md "Blame"): a ciphertext that
 * does not open is checked against its sender's signature (the server checked
 * it on upload; a bad one means the server altered it: `BAD_SIGNATURE`, the
 * round is abandoned). Validly signed ones that do not open are named in a
 * signed complaint that reveals, for each named sender v, this attempt's
 * per-pair key c_{u,v}^SK (pair-keys: it opens the pair (u, v) only), sent
 * instead of the masked input; nothing is masked, and the round ends for this client. The
 * honest path checks no signature here.
 */
import { isValidId } from '../config';
import { deriveShareKey } from '../crypto/share-key';
import { applyMasks, pairMask, selfMask } from '../crypto/masks';
import { openShares } from '../crypto/share-cipher';
import { complaintTranscript, shareCiphertextTranscript } from '../crypto/transcripts';
import { SecAggError, SecAggErrorCode } from '../errors';
import type { ComplaintMessage, ForwardedCiphertext, MaskedInputMessage, MaskedInputRequest } from '../messages';
import { isBytes, isWords } from '../util/bytes';
import { objectList } from '../util/guards';
import { expectRequest } from './expect';
import { backendOf, configOf, pointOf, type ClientEnv, type ClientState, type ClientStep, type HeldShares } from './state';

const STAGE = 'masked-input' as const;

export function clientMaskedInput(state: ClientState, req: MaskedInputRequest, input: Uint32Array, env: ClientEnv = {}): ClientStep<MaskedInputMessage | ComplaintMessage> {
  const replay = expectRequest(state, req, STAGE);
  if (replay) return { state, output: replay as MaskedInputMessage | ComplaintMessage };
  const cfg = configOf(state);
  if (!isWords(input) || input.length !== cfg.vectorLength) {
    throw new SecAggError(SecAggErrorCode.BadPayload, `input must be a Uint32Array of ${cfg.vectorLength} words`, STAGE, state.id);
  }
  const backend = backendOf(env);
  const me = state.id;
  const cKeys = state.cKeys!;
  const sKeys = state.sKeys!;
  const held: Record<string, HeldShares> = { [me]: state.held[me] };
  const accused: string[] = [];
  for (const e of objectList(req.ciphertexts, 'ciphertexts', STAGE, state.neighbours.length)) {
    const from = e.from as string;
    if (!isValidId(from) || from === me || !state.peerKeys[from]?.cPk) {
      throw new SecAggError(SecAggErrorCode.BadPayload, `ciphertext from ${String(from)}, not a neighbour in U1`, STAGE, me);
    }
    if (held[from]) throw new SecAggError(SecAggErrorCode.Duplicate, `two ciphertexts from ${from}`, STAGE, from);
    if (!isBytes(e.nonce) || !isBytes(e.box)) throw new SecAggError(SecAggErrorCode.BadPayload, `malformed ciphertext from ${from}`, STAGE, from);
    const cached = state.shareKeys?.[from];
    const key = cached ?? deriveShareKey(backend, cfg.runId, cfg.round, { id: me, index: state.index }, { id: from, index: pointOf(cfg, from) }, cKeys[from].secretKey, state.peerKeys[from].cPk!);
    let opened;
    try {
      opened = openShares(key, { nonce: e.nonce, box: e.box }, { runId: cfg.runId, round: cfg.round, sender: from, recipient: me, x: state.index });
    } catch (err) {
      if (!(err instanceof SecAggError) || err.code !== SecAggErrorCode.DecryptFailed || cfg.threatModel !== 'active') throw err;
      checkSenderSignature(state, e as unknown as ForwardedCiphertext, env);
      accused.push(from);
      continue;
    } finally {
      if (!cached) key.fill(0);
    }
    held[from] = { s: opened.sShare.y, b: opened.bShare.y };
  }
  if (accused.length > 0) return complain(state, accused, held, env);
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
  wipeKeys(cKeys);
  sKeys.secretKey.fill(0);
  state.b!.fill(0);
  for (const k of Object.values(state.shareKeys ?? {})) k.fill(0);
  const output: MaskedInputMessage = { runId: cfg.runId, round: cfg.round, stage: STAGE, sender: me, masked };
  const next = cfg.threatModel === 'active' ? 'consistency-check' : 'unmask';
  return { state: { ...state, next, held, cKeys: null, sKeys: null, b: null, shareKeys: undefined, last: { stage: STAGE, output } }, output };
}

/** The sender's signature over a forwarded ciphertext; without one the server altered it (it checks them on upload). */
function checkSenderSignature(state: ClientState, e: ForwardedCiphertext, env: ClientEnv): void {
  const cfg = configOf(state);
  const t = shareCiphertextTranscript(cfg.runId, cfg.round, e.from, state.id, e.nonce, e.box);
  if (!isBytes(e.signature, 64) || !backendOf(env).ed25519Verify(t, e.signature, cfg.signingKeys[e.from])) {
    throw new SecAggError(SecAggErrorCode.BadSignature, `the ciphertext forwarded from ${e.from} is not signed by it: the server altered it`, STAGE, e.from);
  }
}

/**
 * The complaint sent instead of the masked input: it reveals this attempt's
 * c_{u,v}^SK for each accused v (fresh keys every attempt, one per pair) so
 * the server can open the accused ciphertexts itself, and no key of any other
 * pair. Every other round secret is wiped; the round is over.
 */
function complain(state: ClientState, accused: string[], held: Record<string, HeldShares>, env: ClientEnv): ClientStep<ComplaintMessage> {
  const cfg = configOf(state);
  const sk = env.signingSecretKey;
  if (!isBytes(sk, 64)) throw new SecAggError(SecAggErrorCode.BadKey, 'a complaint needs the 64-byte Ed25519 signing key', STAGE, state.id);
  const cSks = accused.map((v) => state.cKeys![v].secretKey.slice());
  const signature = backendOf(env).ed25519Sign(complaintTranscript(cfg.runId, cfg.round, state.id, accused, cSks), sk);
  wipeKeys(state.cKeys!);
  state.sKeys!.secretKey.fill(0);
  state.b!.fill(0);
  for (const k of Object.values(state.shareKeys ?? {})) k.fill(0);
  for (const h of Object.values(held)) {
    h.s.fill(0);
    h.b.fill(0);
  }
  const output: ComplaintMessage = { runId: cfg.runId, round: cfg.round, stage: STAGE, sender: state.id, complaint: { accused, cSks, signature } };
  return { state: { ...state, next: 'done', held: {}, cKeys: null, sKeys: null, b: null, shareKeys: undefined, last: { stage: STAGE, output } }, output };
}

function wipeKeys(keys: Record<string, { secretKey: Uint8Array }>): void {
  for (const k of Object.values(keys)) k.secretKey.fill(0);
}
