/**
 * @module client/state
 * The client's round state: plain, persistable data (see client/persist). It
 * records the round config, its own keys and self-mask seed b_u until they are
 * no longer needed (then wiped), the shares it holds for its neighbours, the U3
 * it signed, and — security-critical — which kind of share it has revealed for
 * each peer (Bonawitz et al., round 4 refusal rule).
 *
 * Step functions take `(state, input, env)` and return `{ state, output }`;
 * they never do I/O or read the clock. On a thrown error the round is over for
 * this client (keep no state from it), except `UNMASK_REFUSED`, after which the
 * unchanged state may answer a proper request.
 */
import type { SecAggConfig } from '../config';
import type { CryptoBackend, KeyPair } from '../crypto/backend';
import { naclBackend } from '../crypto/nacl-backend';
import { secureRandom, type RandomSource } from '../crypto/random';
import { SecAggError, SecAggErrorCode } from '../errors';
import { isValidId } from '../config';
import type { SecAggPolicy } from '../graph/params';
import type { KeyPins } from './pins';
import type { ClientMessage } from '../messages';
import type { SecAggStage } from '../stages';

/** Shares this client holds of one owner's secrets, at its own point. */
export interface HeldShares {
  s: Uint8Array;
  b: Uint8Array;
}

export interface ClientState {
  kind: 'secagg-client';
  id: string;
  /** Stage of the next server request this client accepts. */
  next: SecAggStage | 'done';
  config: SecAggConfig | null;
  /** Own Shamir evaluation point. */
  index: number;
  /** Open neighbourhood N(u). */
  neighbours: string[];
  /** Share-encryption key pairs c_{u,v}, one per neighbour v (pair-keys), by neighbour id. */
  cKeys: Record<string, KeyPair> | null;
  sKeys: KeyPair | null;
  /** Self-mask seed b_u (wiped after masked input). */
  b: Uint8Array | null;
  /**
   * The share-encryption keys derived at share-keys, by holder, reused to open
   * the holders' ciphertexts at masked-input (the same key both ways), then
   * wiped with the c_{u,v}^SK. They are functions of those keys, which the
   * state holds until then anyway. Absent in states from before this field: re-derived.
   */
  shareKeys?: Record<string, Uint8Array>;
  /** Public keys seen at share-keys, U1 ∩ N[u]: each one's s^PK and, for a peer v, its per-pair c_{v,u}^PK for this client. */
  peerKeys: Record<string, { cPk?: Uint8Array; sPk: Uint8Array }>;
  /** Who received shares of this client's secrets (U1 ∩ N[u], canonical order). */
  holders: string[];
  /** Shares held, by owner (U2 ∩ N[u] as this client saw it, itself included). */
  held: Record<string, HeldShares>;
  /** U3 as signed at consistency-check (or as first stated at unmask, semi-honest). */
  survivors: string[] | null;
  /** Kind of share revealed per owner: never both. */
  revealed: Record<string, 'b' | 's'>;
  /** Output of the last completed stage, replayed if the server repeats that request. */
  last: { stage: SecAggStage; output: ClientMessage } | null;
}

export interface ClientEnv {
  backend?: CryptoBackend;
  random?: RandomSource;
  /** Long-term Ed25519 secret key (64 bytes, tweetnacl layout); required in the active model. */
  signingSecretKey?: Uint8Array;
  /**
   * The (k, t) this client accepts (graph/params `checkSecAggPolicy`), checked
   * at advertise-keys; default `DEFAULT_SECAGG_POLICY`. `'unchecked'` skips the
   * check: for tests and benchmarks with deliberately small thresholds only.
   */
  policy?: SecAggPolicy | 'unchecked';
  /**
   * Peers' signing keys pinned on first use (client/pins), kept by the caller
   * across rounds. advertise-keys refuses a config that contradicts a pin and
   * pins the keys it has not seen before (it updates this object in place).
   */
  pins?: KeyPins;
}

export interface ClientStep<M extends ClientMessage> {
  state: ClientState;
  output: M;
}

export const backendOf = (env: ClientEnv): CryptoBackend => env.backend ?? naclBackend;
export const randomOf = (env: ClientEnv): RandomSource => env.random ?? secureRandom;

/** A fresh client for one round; it expects the advertise-keys request first. */
export function createClient(id: string): ClientState {
  if (!isValidId(id)) throw new SecAggError(SecAggErrorCode.InvalidParams, `invalid client id ${JSON.stringify(id)}`);
  return {
    kind: 'secagg-client',
    id,
    next: 'advertise-keys',
    config: null,
    index: 0,
    neighbours: [],
    cKeys: null,
    sKeys: null,
    b: null,
    peerKeys: {},
    holders: [],
    held: {},
    survivors: null,
    revealed: {},
    last: null,
  };
}

/** The config, or BAD_STATE before advertise-keys. */
export function configOf(state: ClientState): SecAggConfig {
  if (!state.config) throw new SecAggError(SecAggErrorCode.BadState, 'client has no round config yet');
  return state.config;
}

/**
 * The Shamir evaluation point (1-based canonical index) of a participant, by
 * binary search over the sorted cohort: O(log n), not O(n), per peer. 0 if absent.
 */
export function pointOf(cfg: SecAggConfig, id: string): number {
  const ps = cfg.participants;
  let lo = 0;
  let hi = ps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ps[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < ps.length && ps[lo] === id ? lo + 1 : 0;
}

/** Closed neighbourhood membership: u itself or one of its neighbours. */
export function inClosedNeighbourhood(state: ClientState, id: string): boolean {
  return id === state.id || state.neighbours.includes(id);
}
