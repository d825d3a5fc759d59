/**
 * @module crypto/chacha20-noble
 * Pure-JS ChaCha20 (RFC 8439) from @noble/ciphers 1.3.0 (audited, CommonJS
 * build): the platform-free implementation of the protocol PRG `chacha20`, used
 * by browser clients and as the fallback everywhere. No cipher core is written
 * here. Byte-identical to the node:crypto path (tested).
 */
import { chacha20 } from '@noble/ciphers/chacha';
import { PRG_CHUNK_BYTES, PrgId } from '../constants';
import { SecAggError, SecAggErrorCode } from '../errors';
import { isBytes } from '../util/bytes';
import { checkPrgKey, streamMasks, type KeystreamReader, type MaskPrg } from './prg';

const ZERO_NONCE = new Uint8Array(12);
const ZEROS = new Uint8Array(PRG_CHUNK_BYTES);

/** RFC 8439 keystream: `out.length` bytes from block `counter` under (key, 12-byte nonce). */
export function nobleChaCha20Keystream(key: Uint8Array, nonce: Uint8Array, counter: number, out: Uint8Array): Uint8Array {
  checkPrgKey(key);
  if (!isBytes(nonce, 12)) throw new SecAggError(SecAggErrorCode.BadKey, 'ChaCha20 nonce must be 12 bytes');
  for (let off = 0; off < out.length; off += PRG_CHUNK_BYTES) {
    const len = Math.min(PRG_CHUNK_BYTES, out.length - off);
    chacha20(key, nonce, ZEROS.subarray(0, len), out.subarray(off, off + len), counter + off / 64);
  }
  return out;
}

/** Sequential reader from counter 0, zero nonce, into the shared scratch; chunks are whole 64-byte blocks except the last. */
function open(key: Uint8Array): KeystreamReader {
  let counter = 0;
  return (bytes, scratch) => {
    const out = scratch.subarray(0, bytes);
    chacha20(key, ZERO_NONCE, ZEROS.subarray(0, bytes), out, counter);
    counter += bytes / 64;
    return out;
  };
}

export const nobleChaCha20Prg: MaskPrg = {
  id: PrgId.ChaCha20,
  impl: '@noble/ciphers chacha20',
  addMask(acc, key, sign) {
    streamMasks(acc, [{ key, sign }], open);
  },
  addMasks(acc, masks) {
    streamMasks(acc, masks, open);
  },
};
