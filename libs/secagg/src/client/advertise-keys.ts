/**
 * @module client/advertise-keys
 * Round 0 (AdvertiseKeys, Bonawitz et al. §4): validate the round config, make
 * two fresh X25519 key pairs — c (share encryption) and s (pairwise masks) — and,
 * in the active model, sign (runId, round, id, c^PK, s^PK) with the long-term
 * Ed25519 key. Keys are fresh for every round and every retry: a new
 * `createClient` state per attempt.
 */
import { validateSecAggConfig } from '../config';
import { neighbourhoodOf } from '../graph/harary';
import { generateX25519KeyPair } from '../crypto/x25519';
import { advertiseTranscript } from '../crypto/transcripts';
import { SecAggError, SecAggErrorCode } from '../errors';
import type { AdvertiseKeysMessage, AdvertiseKeysRequest } from '../messages';
import { bytesEqual, isBytes } from '../util/bytes';
import { badPayload } from '../util/guards';
import { expectRequest } from './expect';
import { backendOf, randomOf, type ClientEnv, type ClientState, type ClientStep } from './state';

const STAGE = 'advertise-keys' as const;

export function clientAdvertiseKeys(state: ClientState, req: AdvertiseKeysRequest, env: ClientEnv = {}): ClientStep<AdvertiseKeysMessage> {
  const replay = expectRequest(state, req, STAGE);
  if (replay) return { state, output: replay as AdvertiseKeysMessage };
  const cfg = validateSecAggConfig(req.config);
  if (req.runId !== cfg.runId || req.round !== cfg.round) badPayload('request and config name different rounds', STAGE);
  if (!cfg.participants.includes(state.id)) throw new SecAggError(SecAggErrorCode.NotInCohort, `${state.id} is not a participant`, STAGE, state.id);
  const backend = backendOf(env);
  const random = randomOf(env);
  let signature: Uint8Array | undefined;
  const cKeys = generateX25519KeyPair((sk) => backend.x25519PublicKey(sk), random);
  const sKeys = generateX25519KeyPair((sk) => backend.x25519PublicKey(sk), random);
  if (cfg.threatModel === 'active') {
    const sk = env.signingSecretKey;
    if (!isBytes(sk, 64)) throw new SecAggError(SecAggErrorCode.BadKey, 'the active model needs the 64-byte Ed25519 signing key', STAGE, state.id);
    if (!bytesEqual(sk.subarray(32), cfg.signingKeys[state.id])) {
      throw new SecAggError(SecAggErrorCode.BadKey, 'signing key does not match the enrolled public key', STAGE, state.id);
    }
    signature = backend.ed25519Sign(advertiseTranscript(cfg.runId, cfg.round, state.id, cKeys.publicKey, sKeys.publicKey), sk);
  }
  const output: AdvertiseKeysMessage = {
    runId: cfg.runId,
    round: cfg.round,
    stage: STAGE,
    sender: state.id,
    cPk: cKeys.publicKey,
    sPk: sKeys.publicKey,
    ...(signature ? { signature } : {}),
  };
  return {
    state: {
      ...state,
      next: 'share-keys',
      config: cfg,
      index: cfg.participants.indexOf(state.id) + 1,
      neighbours: neighbourhoodOf(cfg.participants, cfg.k, cfg.graphSeed, state.id),
      cKeys,
      sKeys,
      last: { stage: STAGE, output },
    },
    output,
  };
}
