/**
 * @module node/backend
 * The node:crypto `CryptoBackend`: X25519 via `crypto.diffieHellman`, Ed25519
 * via `crypto.sign`/`verify`, SHA-512 via `crypto.hash`, the ChaCha20 PRG via
 * `createCipheriv`. Same bytes
 * as `naclBackend`; use it on the coordinator (dropout recovery) and on Node
 * edge clients.
 */
import type { CryptoBackend } from '../crypto/backend';
import { selectPrg } from '../crypto/nacl-backend';
import { nodeChaCha20Prg } from './chacha20-node';
import { nodeSign, nodeSigningPublicKey, nodeVerify } from './ed25519-node';
import { nodeSha512 } from './sha512-node';
import { nodeX25519, nodeX25519PublicKey } from './x25519-node';

export const nodeBackend: CryptoBackend = {
  name: 'node:crypto',
  x25519PublicKey: nodeX25519PublicKey,
  x25519: nodeX25519,
  ed25519Sign: nodeSign,
  ed25519Verify: nodeVerify,
  ed25519PublicKey: nodeSigningPublicKey,
  sha512: nodeSha512,
  prg: (id) => selectPrg(id, nodeChaCha20Prg),
};
