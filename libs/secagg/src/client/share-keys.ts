/**
 * @module client/share-keys
 * Round 1 (ShareKeys, Bonawitz et al. §4; over N[u] for SecAgg+, Bell et al.):
 * check the advertised keys of u's live neighbours — at least t including u,
 * pairwise-distinct keys, each neighbour's per-pair key c_{v,u}^PK for u
 * present, valid signatures over all of them (active model), u's own keys
 * echoed intact — then draw the self-mask seed b_u, Shamir-share s_u^SK and b_u
 * t-of-|U1 ∩ N[u]| at the holders' canonical points, and encrypt each holder's
 * pair of shares (crypto/share-cipher) under the pair's key
 * KDF(X25519(c_{u,v}^SK, c_{v,u}^PK)) (pair-keys). u keeps its own pair. The share keys
 * stay in the state (`shareKeys`) until masked-input opens the holders'
 * ciphertexts with them, so each X25519 + KDF runs once per round, not twice.
 * In the active model each ciphertext is signed with the identity key over
 * (runId, round, u, v, nonce, box), so a ciphertext that does not open is
 * attributable to its sender (docs/secure-aggregation.md "Blame").
 */
import { isValidId } from '../config';
import { KEY_BYTES, SEED_BYTES } from '../constants';
import { deriveShareKey } from '../crypto/share-key';
import { sealShares } from '../crypto/share-cipher';
import { shamirSplit } from '../crypto/shamir';
import { advertiseTranscript, shareCiphertextTranscript } from '../crypto/transcripts';
import { SecAggError, SecAggErrorCode } from '../errors';
import type { AddressedCiphertext, ShareKeysMessage, ShareKeysRequest } from '../messages';
import { byteKey, bytesEqual, isBytes } from '../util/bytes';
import { badPayload, idList, objectList } from '../util/guards';
import { pairPublicKey, pairPublicKeys } from '../pair-keys';
import { expectRequest } from './expect';
import { backendOf, configOf, inClosedNeighbourhood, pointOf, randomOf, type ClientEnv, type ClientState, type ClientStep, type HeldShares } from './state';

const STAGE = 'share-keys' as const;

export function clientShareKeys(state: ClientState, req: ShareKeysRequest, env: ClientEnv = {}): ClientStep<ShareKeysMessage> {
  const replay = expectRequest(state, req, STAGE);
  if (replay) return { state, output: replay as ShareKeysMessage };
  const cfg = configOf(state);
  const backend = backendOf(env);
  const me = state.id;
  const cKeys = state.cKeys!;
  const sKeys = state.sKeys!;
  const entries = objectList(req.keys, 'keys', STAGE, state.neighbours.length + 1);
  const own = pairPublicKeys(state.neighbours, cKeys);
  const peerKeys: ClientState['peerKeys'] = {};
  const seenKeys = new Set<string>();
  const unseen = (id: string, k: Uint8Array) => {
    const key = byteKey(k);
    if (seenKeys.has(key)) throw new SecAggError(SecAggErrorCode.BadKey, `public key of ${id} repeats another key`, STAGE, id);
    seenKeys.add(key);
  };
  for (const e of entries) {
    const id = e.id as string;
    if (!isValidId(id) || !inClosedNeighbourhood(state, id)) badPayload(`keys for ${String(id)}, not a neighbour`, STAGE, me);
    if (peerKeys[id]) throw new SecAggError(SecAggErrorCode.Duplicate, `keys of ${id} listed twice`, STAGE, id);
    const cTo = idList(e.cTo, `per-pair key ids of ${id}`, STAGE, cfg.participants.length);
    if (!isBytes(e.sPk, KEY_BYTES) || !isBytes(e.cPks, KEY_BYTES * cTo.length)) throw new SecAggError(SecAggErrorCode.BadKey, `keys of ${id} must be 32 bytes each`, STAGE, id);
    if (id === me) {
      if (!bytesEqual(e.sPk, sKeys.publicKey) || cTo.join('\n') !== own.cTo.join('\n') || !bytesEqual(e.cPks, own.cPks)) {
        throw new SecAggError(SecAggErrorCode.BadKey, 'own advertised keys were altered', STAGE, me);
      }
      unseen(id, e.sPk);
      for (const v of own.cTo) unseen(id, cKeys[v].publicKey);
      peerKeys[id] = { sPk: e.sPk };
      continue;
    }
    const cPk = pairPublicKey({ cTo, cPks: e.cPks }, me);
    if (!cPk) throw new SecAggError(SecAggErrorCode.BadKey, `${id} advertised no per-pair key for ${me}`, STAGE, id);
    unseen(id, cPk);
    unseen(id, e.sPk);
    if (cfg.threatModel === 'active') {
      const ok = isBytes(e.signature, 64) && backend.ed25519Verify(advertiseTranscript(cfg.runId, cfg.round, id, e.sPk, cTo, e.cPks), e.signature, cfg.signingKeys[id]);
      if (!ok) throw new SecAggError(SecAggErrorCode.BadSignature, `advertised keys of ${id} are not signed by its enrolled key`, STAGE, id);
    }
    peerKeys[id] = { cPk, sPk: e.sPk };
  }
  if (!peerKeys[me]) badPayload('own keys missing from U1', STAGE, me);
  const holders = cfg.participants.filter((id) => peerKeys[id]);
  if (holders.length < cfg.t) {
    throw new SecAggError(SecAggErrorCode.BelowThreshold, `|U1 ∩ N[u]| = ${holders.length} < t = ${cfg.t}`, STAGE, me);
  }
  const signingKey = cfg.threatModel === 'active' ? env.signingSecretKey : undefined;
  if (cfg.threatModel === 'active' && !isBytes(signingKey, 64)) throw new SecAggError(SecAggErrorCode.BadKey, 'the active model needs the 64-byte Ed25519 signing key', STAGE, me);
  const random = randomOf(env);
  const b = random(SEED_BYTES);
  const points = holders.map((id) => pointOf(cfg, id));
  const sShares = shamirSplit(sKeys.secretKey, cfg.t, points, random);
  const bShares = shamirSplit(b, cfg.t, points, random);
  const ciphertexts: AddressedCiphertext[] = [];
  const held: Record<string, HeldShares> = {};
  const shareKeys: Record<string, Uint8Array> = {};
  holders.forEach((v, i) => {
    if (v === me) {
      held[me] = { s: sShares[i].y, b: bShares[i].y };
      return;
    }
    const key = deriveShareKey(backend, cfg.runId, cfg.round, { id: me, index: state.index }, { id: v, index: points[i] }, cKeys[v].secretKey, peerKeys[v].cPk!);
    const sealed = sealShares(key, { runId: cfg.runId, round: cfg.round, sender: me, recipient: v, sShare: sShares[i], bShare: bShares[i] }, random);
    shareKeys[v] = key; // reused to open v's shares at masked-input, wiped there
    sShares[i].y.fill(0);
    bShares[i].y.fill(0);
    const signature = signingKey ? backend.ed25519Sign(shareCiphertextTranscript(cfg.runId, cfg.round, me, v, sealed.nonce, sealed.box), signingKey) : undefined;
    ciphertexts.push({ to: v, ...sealed, ...(signature ? { signature } : {}) });
  });
  const output: ShareKeysMessage = { runId: cfg.runId, round: cfg.round, stage: STAGE, sender: me, ciphertexts };
  return { state: { ...state, next: 'masked-input', peerKeys, holders, held, b, shareKeys, last: { stage: STAGE, output } }, output };
}
