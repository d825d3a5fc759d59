/**
 * @module crypto/xsalsa20-nacl
 * XSalsa20 keystream from tweetnacl (`nacl.lowlevel.crypto_stream`, 24-byte
 * all-zero nonce): the opt-in PRG `xsalsa20`. tweetnacl exposes no block
 * counter, so each mask's keystream is produced in a single call (an extra
 * 4·P-byte buffer per mask, one at a time, released after use). Both sides
 * must select this id explicitly; the protocol default is ChaCha20.
 */
import nacl from 'tweetnacl';
import { PrgId } from '../constants';
import { checkAccumulator, checkPrgKey, streamMasks, type KeystreamReader, type MaskPrg } from './prg';

const ZERO_NONCE = new Uint8Array(24);

/** `nacl.lowlevel` exists at runtime in tweetnacl 1.0.3 but is absent from its typings. */
interface NaclLowLevel {
  crypto_stream(c: Uint8Array, cpos: number, d: number, n: Uint8Array, k: Uint8Array): number;
}
const lowlevel = (nacl as unknown as { lowlevel: NaclLowLevel }).lowlevel;

export function naclXSalsa20Keystream(key: Uint8Array, nonce24: Uint8Array, out: Uint8Array): Uint8Array {
  checkPrgKey(key);
  lowlevel.crypto_stream(out, 0, out.length, nonce24, key);
  return out;
}

export const naclXSalsa20Prg: MaskPrg = {
  id: PrgId.XSalsa20,
  impl: 'tweetnacl crypto_stream (xsalsa20)',
  addMask(acc, key, sign) {
    this.addMasks(acc, [{ key, sign }]);
  },
  addMasks(acc, masks) {
    checkAccumulator(acc);
    const open = (key: Uint8Array): KeystreamReader => {
      const ks = naclXSalsa20Keystream(key, ZERO_NONCE, new Uint8Array(acc.length * 4));
      let off = 0;
      return (bytes) => ks.subarray(off, (off += bytes));
    };
    streamMasks(acc, masks, open, { window: 1 });
  },
};
