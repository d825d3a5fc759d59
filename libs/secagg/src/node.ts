/**
 * @module @fl/secagg/node
 * Everything in `@fl/secagg`, plus the node:crypto fast paths: `nodeBackend`
 * (X25519 via `crypto.diffieHellman`, Ed25519 via `crypto.sign`, ChaCha20 via
 * `createCipheriv` streamed in 64 KiB chunks). Pass `{ backend: nodeBackend }`
 * as the env of client and server stage functions.
 */
export * from './index';
export { nodeBackend } from './node/backend';
export { nodeChaCha20Prg, nodeChaCha20Keystream } from './node/chacha20-node';
export { nodeX25519, nodeX25519PublicKey } from './node/x25519-node';
export { nodeSign, nodeVerify, nodeSigningPublicKey, nodeSigningKeyPair } from './node/ed25519-node';
export { nodeSha512 } from './node/sha512-node';
export { nodeSecureRandom } from './node/random-node';

