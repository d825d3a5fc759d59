/**
 * @module server/state
 * The server's round state: plain data. It holds the public keys, the share
 * ciphertexts it forwards (O(n·k)), ONE running sum of the masked inputs
 * (O(P), whatever n), the consistency signatures and the revealed shares.
 *
 * Stage functions (server/server) validate a message completely before
 * recording it, so a refused message leaves the state as it was. For speed
 * they update the state they are given in place (the masked sum above all) and
 * return it: treat the state passed in as consumed.
 */
import { topologyOf, validateSecAggConfig, type SecAggConfig } from '../config';
import type { CryptoBackend } from '../crypto/backend';
import { naclBackend } from '../crypto/nacl-backend';
import type { SecAggErrorInfo } from '../errors';
import type { Share } from '../crypto/shamir';
import type { AdvertisedKeys, ServerMessage } from '../messages';
import type { SecAggStage } from '../stages';

export interface SealedFromTo {
  nonce: Uint8Array;
  box: Uint8Array;
  /** Active model: the sender's signature (checked on upload), forwarded with it. */
  signature?: Uint8Array;
}

export interface ServerState {
  kind: 'secagg-server';
  config: SecAggConfig;
  /** Stage being collected, or the end state. */
  stage: SecAggStage | 'done' | 'failed';
  index: Record<string, number>;
  neighbours: Record<string, string[]>;
  /** advertise-keys received; U1 once closed. */
  keys: Record<string, AdvertisedKeys>;
  /** Every advertised public key (hex) → who advertised it: an O(1) repeat check. */
  advertised: Record<string, string>;
  u1: string[] | null;
  /** share-keys received: ciphertexts by sender, then recipient. */
  shares: Record<string, Record<string, SealedFromTo>>;
  u2: string[] | null;
  /** Σ y_u mod 2^32 over the masked inputs taken so far. */
  maskedSum: Uint32Array | null;
  masked: Record<string, true>;
  /** Convicted on a complaint (server/complaint), by id: why. A convicted member of U2 counts as dropped. */
  convicted: Record<string, string>;
  /** Who complained (one complaint each). */
  complained: Record<string, true>;
  u3: string[] | null;
  /** Users of U2 ∖ U3 with a masking partner in U3: their s^SK must be rebuilt. */
  dropped: string[] | null;
  consistency: Record<string, Uint8Array>;
  u4: string[] | null;
  requests: Record<string, { bOf: string[]; sOf: string[] }>;
  /** Who answered the unmask request. */
  responses: Record<string, true>;
  /** Revealed shares filed by owner as they arrive: b-shares (owners in U3) and s^SK-shares (dropped owners). */
  received: Record<string, { b: Share[]; s: Share[] }>;
  failure: SecAggErrorInfo | null;
}

export interface ServerEnv {
  backend?: CryptoBackend;
}

export const serverBackend = (env: ServerEnv): CryptoBackend => env.backend ?? naclBackend;

/** A revealed share that did not lie on the polynomial the other shares agree on (and was not used). */
export interface RejectedShare {
  /** The client that revealed it. */
  holder: string;
  /** Whose secret it was a share of. */
  owner: string;
  kind: 'b' | 's';
}

/** The unmasked result: Σ_{u ∈ U3} x_u mod 2^32. */
export interface SecAggResult {
  /** May live in WebAssembly memory (`residentSum`): pass it to `releaseSum` once read. */
  sum: Uint32Array;
  /** U3: whose inputs the sum holds. */
  survivors: string[];
  /** U2 ∖ U3 members whose pairwise masks were removed. */
  dropped: string[];
  /** Present when some revealed shares were inconsistent and outvoted: worth flagging those holders. */
  rejectedShares?: RejectedShare[];
}

/** What closing a stage yields. Below threshold: `failed`, never a partial sum. */
export type ServerStageOutput =
  | { kind: 'request'; stage: SecAggStage; messages: Record<string, ServerMessage> }
  | { kind: 'failed'; failure: SecAggErrorInfo }
  | { kind: 'done'; result: SecAggResult };

/**
 * What a complaint established (server/complaint): who is convicted and
 * whether the attempt ends at once (a ciphertext provably did not open).
 */
export interface Verdict {
  convicted: { id: string; reason: string }[];
  halted: boolean;
}

export type ReceiveOutput = { accepted: true; verdict?: Verdict } | { accepted: false; error: SecAggErrorInfo; verdict?: Verdict };

export interface ServerStep<O> {
  state: ServerState;
  output: O;
}

export function createServer(config: SecAggConfig): ServerState {
  const cfg = validateSecAggConfig(config);
  const topo = topologyOf(cfg);
  return {
    kind: 'secagg-server',
    config: cfg,
    stage: 'advertise-keys',
    index: topo.index,
    neighbours: topo.neighbours,
    keys: {},
    advertised: {},
    u1: null,
    shares: {},
    u2: null,
    maskedSum: null,
    masked: {},
    convicted: {},
    complained: {},
    u3: null,
    dropped: null,
    consistency: {},
    u4: null,
    requests: {},
    responses: {},
    received: {},
    failure: null,
  };
}
