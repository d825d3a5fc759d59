/**
 * @module messages
 * The plain-data messages of one round, per stage and direction. Binary fields
 * are Uint8Array / Uint32Array (send them as Buffers over socket.io). Every
 * message carries (runId, round, stage) and client messages their `sender`;
 * the transport must make sure `sender` is the authenticated connection's
 * client id. The server's request for stage X is answered by the client's
 * message for stage X.
 */
import type { SecAggConfig } from './config';
import type { SecAggStage } from './stages';

export interface Bound<S extends SecAggStage> {
  runId: string;
  round: number;
  stage: S;
}

// ---- server → client ----------------------------------------------------------

/** Starts the round: the public parameters. */
export interface AdvertiseKeysRequest extends Bound<'advertise-keys'> {
  config: SecAggConfig;
}

/**
 * One member's advertised public keys. Share encryption uses one key pair per
 * neighbour (the dispute keys of ACORN-robust, Bell et al. 2023; see
 * pair-keys): `cPks` is c_{u,v}^PK for each v of `cTo` (exactly N(u)), 32
 * bytes each, concatenated in `cTo`'s order.
 */
export interface AdvertisedKeys {
  id: string;
  cTo: string[];
  cPks: Uint8Array;
  sPk: Uint8Array;
  /** Ed25519 over (runId, round, id, s^PK, cTo, cPks); active model only. */
  signature?: Uint8Array;
}

/** U1 ∩ N[u]: the advertised keys of u's live neighbours and its own. */
export interface ShareKeysRequest extends Bound<'share-keys'> {
  keys: AdvertisedKeys[];
}

export interface ForwardedCiphertext {
  from: string;
  nonce: Uint8Array;
  box: Uint8Array;
  /** Active model: the sender's Ed25519 signature over (runId, round, from, to, nonce, box), checked by the server on upload. */
  signature?: Uint8Array;
}

/** The share ciphertexts addressed to u by the members of U2. */
export interface MaskedInputRequest extends Bound<'masked-input'> {
  ciphertexts: ForwardedCiphertext[];
}

/** U3 (active model): the users whose masked input the server took. */
export interface ConsistencyCheckRequest extends Bound<'consistency-check'> {
  survivors: string[];
}

export interface SignedView {
  from: string;
  signature: Uint8Array;
}

/**
 * The unmask request: U3, and from this client the b-shares of `bOf`
 * (survivors it holds shares of) and the s^SK-shares of `sOf` (dropped users it
 * holds shares of, whose pairwise masks must be removed).
 */
export interface UnmaskRequest extends Bound<'unmask'> {
  survivors: string[];
  bOf: string[];
  sOf: string[];
  /** Active model: the consistency signatures of u's neighbours (U4 ∩ N[u]). */
  signatures?: SignedView[];
}

export type ServerMessage = AdvertiseKeysRequest | ShareKeysRequest | MaskedInputRequest | ConsistencyCheckRequest | UnmaskRequest;

// ---- client → server ----------------------------------------------------------

export interface ClientBound<S extends SecAggStage> extends Bound<S> {
  sender: string;
}

export interface AdvertiseKeysMessage extends ClientBound<'advertise-keys'> {
  /** N(u): whom each per-pair key is for. */
  cTo: string[];
  /** c_{u,v}^PK for v in `cTo`, 32 bytes each, concatenated. */
  cPks: Uint8Array;
  sPk: Uint8Array;
  signature?: Uint8Array;
}

export interface AddressedCiphertext {
  to: string;
  nonce: Uint8Array;
  box: Uint8Array;
  /** Active model: Ed25519 over (runId, round, sender, to, nonce, box) (crypto/transcripts). */
  signature?: Uint8Array;
}

export interface ShareKeysMessage extends ClientBound<'share-keys'> {
  ciphertexts: AddressedCiphertext[];
}

export interface MaskedInputMessage extends ClientBound<'masked-input'> {
  masked: Uint32Array;
}

/**
 * Evidence against the senders of share ciphertexts that do not open (active
 * model; docs/secure-aggregation.md "Blame"): for each accused v, the
 * complainer u's per-pair share-encryption secret key c_{u,v}^SK of this
 * attempt (`cSks[i]` for `accused[i]`), signed with u's identity key over
 * (runId, round, sender, accused, cSks). It opens only the pair (u, v).
 */
export interface Complaint {
  accused: string[];
  cSks: Uint8Array[];
  signature: Uint8Array;
}

/** Sent instead of the masked input when some neighbour's ciphertext does not open. */
export interface ComplaintMessage extends ClientBound<'masked-input'> {
  complaint: Complaint;
}

export interface ConsistencyCheckMessage extends ClientBound<'consistency-check'> {
  signature: Uint8Array;
}

/** A revealed share: `y` of the owner's secret at the sender's point. */
export interface RevealedShare {
  of: string;
  y: Uint8Array;
}

export interface UnmaskMessage extends ClientBound<'unmask'> {
  bShares: RevealedShare[];
  sShares: RevealedShare[];
}

export type ClientMessage = AdvertiseKeysMessage | ShareKeysMessage | MaskedInputMessage | ComplaintMessage | ConsistencyCheckMessage | UnmaskMessage;

export function isComplaint(m: ClientMessage): m is ComplaintMessage {
  return m.stage === 'masked-input' && Object.prototype.hasOwnProperty.call(m, 'complaint');
}
