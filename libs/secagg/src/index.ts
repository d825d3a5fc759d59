/**
 * @module @fl/secagg
 * SecAgg+ (Bell, Bonawitz, Gascón, Lepoint, Raykova, CCS 2020) with SecAgg
 * (Bonawitz et al., CCS 2017) as its complete-graph case: pure, transport-free
 * stage functions for client and server, the masking PRG, Shamir sharing, key
 * agreement, quantisation into Z_2^32, and (k, t) selection. Platform-free:
 * tweetnacl, @noble/ciphers and `globalThis.crypto.getRandomValues` only; the
 * node:crypto fast paths live in `@fl/secagg/node`.
 */
export * from './constants';
export * from './errors';
export * from './stages';
export * from './config';
export * from './messages';

export type { CryptoBackend, KeyPair } from './crypto/backend';
export { naclBackend, selectPrg } from './crypto/nacl-backend';
export { secureRandom, type RandomSource } from './crypto/random';
export { labelledHash, deriveKey, pairMaskSeed, selfMaskKey, shareKey, naclSha512, type Sha512 } from './crypto/kdf';
export { naclX25519, naclX25519PublicKey, generateX25519KeyPair, checkSharedSecret } from './crypto/x25519';
export { naclSign, naclVerify, naclSigningPublicKey, generateSigningKeyPair } from './crypto/ed25519';
export { sealShares, openShares, type ShareEnvelope, type SealedShares } from './crypto/share-cipher';
export { addWords, addVector, maskWords, streamMasks, type MaskPrg, type Mask, type KeystreamReader, type StreamOptions } from './crypto/prg';
export { residentSum, releaseSum } from './crypto/wasm-add';
export { nobleChaCha20Prg, nobleChaCha20Keystream } from './crypto/chacha20-noble';
export { naclXSalsa20Prg, naclXSalsa20Keystream } from './crypto/xsalsa20-nacl';
export { applyMasks, selfMask, pairMask, type PairSide } from './crypto/masks';
export { toHex, fromHex, encodeWords, decodeWords } from './util/bytes';
export { shamirSplit, shamirCombine, SHAMIR_PRIME, SHARE_BYTES, MAX_SECRET_BYTES, type Share } from './crypto/shamir';
export { shamirRecover, ShamirRecoverer, MAX_BASES, type Recovery } from './crypto/shamir-robust';
export { deriveShareKey } from './crypto/share-key';
export { generatePairKeys, pairPublicKeys, pairPublicKey, checkPairKeyLayout, type PairPublicKeys } from './pair-keys';
export * from './crypto/quantize';
export * from './crypto/sum-checks';
export { advertiseTranscript, consistencyTranscript, consistencyTranscripts, shareCiphertextTranscript, complaintTranscript } from './crypto/transcripts';

export { ringOrder, neighbourhoods, neighbourhoodOf, canonicalIndex } from './graph/harary';
export { binomialLogPmf, log2BinomialBelow, log2BinomialAtLeast } from './graph/binomial';
export { chooseSecAggParams, completeGraphParams, validateSecAggParams, type SecAggParams } from './graph/params';
export { checkSecAggPolicy, bonawitzThreshold, DEFAULT_SECAGG_POLICY, type SecAggPolicy } from './graph/params';

export { createClient, type ClientState, type ClientEnv, type ClientStep, type HeldShares } from './client/state';
export { clientAdvertiseKeys } from './client/advertise-keys';
export { clientShareKeys } from './client/share-keys';
export { clientMaskedInput } from './client/masked-input';
export { clientConsistencyCheck } from './client/consistency-check';
export { clientUnmask } from './client/unmask';
export { clientStep } from './client/step';
export { serializeClientState, deserializeClientState } from './client/persist';
export { KeyPins } from './client/pins';

export {
  createServer,
  type ServerState,
  type ServerEnv,
  type ServerStep,
  type ServerStageOutput,
  type ReceiveOutput,
  type Verdict,
  type SecAggResult,
  type RejectedShare,
} from './server/state';
export { serverBegin, serverReceive, serverClose, serverCloseAsync, serverPending, type MaskAdder } from './server/server';
export { packMessage, unpackMessage, wordsOf } from './wire';
