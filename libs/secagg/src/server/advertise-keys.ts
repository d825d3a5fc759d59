/**
 * @module server/advertise-keys
 * Round 0 on the server: collect each participant u's s^PK and its per-pair
 * c_{u,v}^PK, one for each v ∈ N(u) (pair-keys), refusing a wrong number of
 * per-pair keys or keys for non-neighbours (`BAD_KEY`), a neighbour named twice
 * (`DUPLICATE`), bad lengths, repeated or zero keys, keys already advertised by
 * someone else and (active model) signatures that do not verify under the
 * enrolled key. Closing fixes U1 and
 * sends each u ∈ U1 the keys of U1 ∩ N[u] (in canonical order; users with the
 * same closed neighbourhood share one request object).
 */
import { advertiseTranscript } from '../crypto/transcripts';
import { SecAggError, SecAggErrorCode } from '../errors';
import type { AdvertiseKeysMessage, AdvertiseKeysRequest, ServerMessage, ShareKeysRequest } from '../messages';
import { isBytes, toHex } from '../util/bytes';
import { KEY_BYTES } from '../constants';
import { checkPairKeyLayout } from '../pair-keys';
import { serverBackend, type ServerEnv, type ServerStageOutput, type ServerState } from './state';
import { checkNeighbourhoods } from './threshold';
import { canonicalSort } from '../config';

const STAGE = 'advertise-keys' as const;

/** The round-opening request: one object, the same for every participant (a transport may encode it once). */
export function advertiseRequests(state: ServerState): Record<string, AdvertiseKeysRequest> {
  const cfg = state.config;
  const req: AdvertiseKeysRequest = { runId: cfg.runId, round: cfg.round, stage: STAGE, config: cfg };
  const out: Record<string, AdvertiseKeysRequest> = {};
  for (const id of cfg.participants) out[id] = req;
  return out;
}

export function acceptAdvertiseKeys(state: ServerState, msg: AdvertiseKeysMessage, env: ServerEnv): void {
  const cfg = state.config;
  const id = msg.sender;
  if (!Object.prototype.hasOwnProperty.call(state.index, id)) throw new SecAggError(SecAggErrorCode.NotInCohort, `${id} is not a participant`, STAGE, id);
  if (state.keys[id]) throw new SecAggError(SecAggErrorCode.Duplicate, `${id} already advertised keys`, STAGE, id);
  checkPairKeyLayout(id, msg, state.neighbours[id], STAGE);
  if (!isBytes(msg.sPk, KEY_BYTES)) throw new SecAggError(SecAggErrorCode.BadKey, `s^PK of ${id} must be ${KEY_BYTES} bytes`, STAGE, id);
  const hexes = [toHex(msg.sPk)];
  for (let i = 0; i < msg.cTo.length; i++) hexes.push(toHex(msg.cPks.subarray(i * KEY_BYTES, (i + 1) * KEY_BYTES)));
  const mine = new Set<string>();
  for (const hex of hexes) {
    if (/^0+$/.test(hex) || mine.has(hex)) throw new SecAggError(SecAggErrorCode.BadKey, `keys of ${id} must be distinct, non-zero ${KEY_BYTES}-byte keys`, STAGE, id);
    mine.add(hex);
    const other = state.advertised[hex];
    if (other !== undefined) throw new SecAggError(SecAggErrorCode.BadKey, `a key of ${id} was already advertised by ${other}`, STAGE, id);
  }
  if (cfg.threatModel === 'active') {
    const ok = isBytes(msg.signature, 64) && serverBackend(env).ed25519Verify(advertiseTranscript(cfg.runId, cfg.round, id, msg.sPk, msg.cTo, msg.cPks), msg.signature, cfg.signingKeys[id]);
    if (!ok) throw new SecAggError(SecAggErrorCode.BadSignature, `advertised keys of ${id} are not signed by its enrolled key`, STAGE, id);
  }
  state.keys[id] = { id, cTo: msg.cTo, cPks: msg.cPks, sPk: msg.sPk, ...(msg.signature ? { signature: msg.signature } : {}) };
  for (const hex of hexes) state.advertised[hex] = id;
}

export function closeAdvertiseKeys(state: ServerState): ServerStageOutput {
  const cfg = state.config;
  const u1 = cfg.participants.filter((id) => state.keys[id]);
  const failure = checkNeighbourhoods(state, u1, STAGE);
  if (failure) return { kind: 'failed', failure };
  state.u1 = u1;
  const messages: Record<string, ServerMessage> = {};
  // Users with the same closed neighbourhood (everyone, on the complete graph) get one shared request object.
  const byNeighbourhood = new Map<string, ShareKeysRequest>();
  for (const u of u1) {
    const ids = canonicalSort([u, ...state.neighbours[u]]).filter((v) => state.keys[v]);
    const key = ids.join('\n');
    let req = byNeighbourhood.get(key);
    if (!req) {
      req = { runId: cfg.runId, round: cfg.round, stage: 'share-keys', keys: ids.map((v) => state.keys[v]) };
      byNeighbourhood.set(key, req);
    }
    messages[u] = req;
  }
  return { kind: 'request', stage: 'share-keys', messages };
}
