/**
 * @module crypto/backend
 * The pluggable primitives. The platform-free default (`naclBackend`) uses
 * tweetnacl for X25519 / Ed25519 / SHA-512 and @noble/ciphers for the ChaCha20 PRG; the
 * Node entry (`@fl/secagg/node`) swaps in node:crypto for the same functions.
 * Every backend must produce identical bytes (tested): masks made by a browser
 * client cancel against masks the coordinator regenerates with node:crypto.
 */
import type { PrgId } from '../constants';
import type { MaskPrg } from './prg';

export interface CryptoBackend {
  readonly name: string;
  /** RFC 7748 public key of a 32-byte secret key. */
  x25519PublicKey(secretKey: Uint8Array): Uint8Array;
  /** Raw RFC 7748 X25519 output, unhashed. Implementations reject all-zero output and bad lengths. */
  x25519(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
  /** Ed25519 detached signature; `secretKey` is tweetnacl's 64-byte seed ‖ public key. */
  ed25519Sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array;
  ed25519Verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean;
  /** The Ed25519 public key of a 32-byte seed (the first half of the 64-byte secret key). */
  ed25519PublicKey(seed: Uint8Array): Uint8Array;
  /** SHA-512 (64 bytes) for the labelled KDF (crypto/kdf) and the graph order; a fresh array the caller may wipe. */
  sha512(data: Uint8Array): Uint8Array;
  /** The mask PRG for a protocol PRG id. */
  prg(id: PrgId): MaskPrg;
}

export interface KeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}
