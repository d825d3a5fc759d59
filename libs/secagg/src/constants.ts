/**
 * @module constants
 * Versioned protocol constants of the masking layer. Both sides must agree on
 * every one of them, bit for bit: the server regenerates the masks of dropped
 * clients, so a different PRG, nonce layout, endianness or KDF label makes the
 * masks disagree silently.
 *
 * - Ring: R = 2^32, ring values are little-endian uint32 words.
 * - PRG (`chacha20`, the protocol default): ChaCha20 per RFC 8439 keyed with the
 *   full 32-byte seed, 96-bit all-zero nonce, block counter starting at 0; the
 *   keystream read as little-endian uint32 words. Each seed keys exactly one
 *   stream, so a fixed nonce is safe.
 * - PRG `xsalsa20` (opt-in alternative, both sides must select it): XSalsa20 as in
 *   NaCl `crypto_stream`, 24-byte all-zero nonce, same word reading.
 * - KDF: SHA-512 over length-prefixed fields, first 32 bytes (see `crypto/kdf`).
 */
export const SECAGG_VERSION = 1 as const;

export const PrgId = { ChaCha20: 'chacha20', XSalsa20: 'xsalsa20' } as const;
export type PrgId = (typeof PrgId)[keyof typeof PrgId];
/** The protocol PRG every side implements (node:crypto or @noble/ciphers). */
export const DEFAULT_PRG: PrgId = PrgId.ChaCha20;

/** KDF / transcript labels: one per use, versioned. */
export const Label = {
  PairMask: 'fl-secagg/v1/pair-mask',
  SelfMask: 'fl-secagg/v1/self-mask',
  ShareKey: 'fl-secagg/v1/share-key',
  SharePlaintext: 'fl-secagg/v1/share-plaintext',
  AdvertiseSignature: 'fl-secagg/v2/advertise-keys',
  ConsistencySignature: 'fl-secagg/v1/consistency-check',
  ShareCiphertextSignature: 'fl-secagg/v1/share-ciphertext',
  ComplaintSignature: 'fl-secagg/v2/complaint',
  GraphOrder: 'fl-secagg/v1/graph-order',
} as const;

export const KEY_BYTES = 32;
export const SEED_BYTES = 32;
export const SIGNATURE_BYTES = 64;
export const SIGNING_PUBLIC_KEY_BYTES = 32;
export const SIGNING_SECRET_KEY_BYTES = 64;
export const NONCE_BYTES = 24;
/** Keystream generation chunk: 64 KiB (one 16 Ki-word block added at a time). */
export const PRG_CHUNK_BYTES = 64 * 1024;
/** Largest vector (ring words) a round may carry: 2^28 words = 1 GiB. */
export const MAX_VECTOR_LENGTH = 2 ** 28;
/** Largest cohort a round may carry. */
export const MAX_PARTICIPANTS = 100_000;
/** Longest client / run id accepted. */
export const MAX_ID_LENGTH = 128;
