/**
 * @module client/advertise-keys
 * Round 0 (AdvertiseKeys, Bonawitz et al. §4): validate the round config and
 * check it against this client's own view of the world before sending anything:
 * - (k, t) must meet the client's `SecAggPolicy` (`checkSecAggPolicy`, Bell et
 *   al. condition 2 or Bonawitz's complete-graph bound): `WEAK_PARAMS`;
 * - active model: the config's key for this client must be the public key of
 *   its own signing secret key, and every peer's key must match its pin, if
 *   pinned (client/pins): `BAD_KEY`. Unpinned keys are pinned on success.
 * Then make fresh X25519 key pairs — s (pairwise masks) and one c_{u,v} (share
 * encryption) per neighbour v ∈ N(u) (pair-keys; N(u) follows from the config)
 * — and, in the active model, sign (runId, round, id, s^PK, N(u), the
 * c_{u,v}^PK) with the long-term Ed25519 key. Keys are fresh for every round
 * and every retry: a new `createClient` state per attempt.
 */
import { validateSecAggConfig, type SecAggConfig } from '../config';
import { SIGNING_SECRET_KEY_BYTES } from '../constants';
import type { CryptoBackend } from '../crypto/backend';
import { neighbourhoodOf } from '../graph/harary';
import { checkSecAggPolicy, DEFAULT_SECAGG_POLICY } from '../graph/params';
import { generateX25519KeyPair } from '../crypto/x25519';
import { generatePairKeys, pairPublicKeys } from '../pair-keys';
import { advertiseTranscript } from '../crypto/transcripts';
import { SecAggError, SecAggErrorCode } from '../errors';
import type { AdvertiseKeysMessage, AdvertiseKeysRequest } from '../messages';
import { bytesEqual, isBytes } from '../util/bytes';
import { badPayload } from '../util/guards';
import { expectRequest } from './expect';
import { backendOf, pointOf, randomOf, type ClientEnv, type ClientState, type ClientStep } from './state';

const STAGE = 'advertise-keys' as const;

export function clientAdvertiseKeys(state: ClientState, req: AdvertiseKeysRequest, env: ClientEnv = {}): ClientStep<AdvertiseKeysMessage> {
  const replay = expectRequest(state, req, STAGE);
  if (replay) return { state, output: replay as AdvertiseKeysMessage };
  const cfg = validateSecAggConfig(req.config);
  if (req.runId !== cfg.runId || req.round !== cfg.round) badPayload('request and config name different rounds', STAGE);
  if (!cfg.participants.includes(state.id)) throw new SecAggError(SecAggErrorCode.NotInCohort, `${state.id} is not a participant`, STAGE, state.id);
  if (env.policy !== 'unchecked') {
    try {
      checkSecAggPolicy(cfg.participants.length, cfg.k, cfg.t, cfg.threatModel, env.policy ?? DEFAULT_SECAGG_POLICY);
    } catch (e) {
      throw e instanceof SecAggError ? new SecAggError(e.code, e.message, STAGE, state.id) : e;
    }
  }
  const backend = backendOf(env);
  const sk = cfg.threatModel === 'active' ? checkIdentity(state.id, cfg, env, backend) : undefined;
  const random = randomOf(env);
  let signature: Uint8Array | undefined;
  const neighbours = neighbourhoodOf(cfg.participants, cfg.k, cfg.graphSeed, state.id, (d) => backend.sha512(d));
  const publicKeyOf = (k: Uint8Array) => backend.x25519PublicKey(k);
  const cKeys = generatePairKeys(neighbours, publicKeyOf, random);
  const sKeys = generateX25519KeyPair(publicKeyOf, random);
  const { cTo, cPks } = pairPublicKeys(neighbours, cKeys);
  if (sk) {
    signature = backend.ed25519Sign(advertiseTranscript(cfg.runId, cfg.round, state.id, sKeys.publicKey, cTo, cPks), sk);
    env.pins?.pinNew(cfg.signingKeys, peersOf(cfg, state.id));
  }
  const output: AdvertiseKeysMessage = {
    runId: cfg.runId,
    round: cfg.round,
    stage: STAGE,
    sender: state.id,
    cTo,
    cPks,
    sPk: sKeys.publicKey,
    ...(signature ? { signature } : {}),
  };
  return {
    state: {
      ...state,
      next: 'share-keys',
      config: cfg,
      index: pointOf(cfg, state.id),
      neighbours,
      cKeys,
      sKeys,
      last: { stage: STAGE, output },
    },
    output,
  };
}

const peersOf = (cfg: SecAggConfig, me: string): string[] => cfg.participants.filter((id) => id !== me);

/**
 * Active model: the signing secret key must be well formed (its second half is
 * the public key of its seed), the config must name that public key for this
 * client, and no peer's key may contradict its pin. Returns the secret key.
 */
function checkIdentity(me: string, cfg: SecAggConfig, env: ClientEnv, backend: CryptoBackend): Uint8Array {
  const bad = (msg: string, clientId = me): never => {
    throw new SecAggError(SecAggErrorCode.BadKey, msg, STAGE, clientId);
  };
  const sk = env.signingSecretKey;
  if (!isBytes(sk, SIGNING_SECRET_KEY_BYTES)) return bad('the active model needs the 64-byte Ed25519 signing key');
  const publicKey = backend.ed25519PublicKey(sk.subarray(0, 32));
  if (!bytesEqual(publicKey, sk.subarray(32))) bad('the signing secret key is malformed: its second half is not the public key of its seed');
  if (!bytesEqual(publicKey, cfg.signingKeys[me])) bad('the config does not name the public key of this client\'s signing key: refusing a substituted identity');
  try {
    env.pins?.verify(cfg.signingKeys, peersOf(cfg, me));
  } catch (e) {
    if (e instanceof SecAggError) bad(e.message, e.clientId);
    throw e;
  }
  return sk;
}
