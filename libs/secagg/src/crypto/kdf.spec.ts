/**
 * The labelled, length-prefixed SHA-512 KDF: field boundaries and labels
 * separate domains; outputs are deterministic and 32 bytes.
 */
import nacl from 'tweetnacl';
import { toHex } from '../util/bytes';
import { deriveKey, labelledHash, pairMaskSeed, selfMaskKey, shareKey } from './kdf';

describe(labelledHash.name, () => {
  it('length-prefixes every field, so shifted boundaries never collide', () => {
    expect(toHex(labelledHash('L', ['ab', 'c']))).not.toBe(toHex(labelledHash('L', ['a', 'bc'])));
    expect(toHex(labelledHash('L', ['a', '']))).not.toBe(toHex(labelledHash('L', ['a'])));
    expect(toHex(labelledHash('La', ['b']))).not.toBe(toHex(labelledHash('L', ['ab'])));
  });

  it('is SHA-512 of u32le(len) ‖ bytes fields', () => {
    const expected = nacl.hash(Uint8Array.from([1, 0, 0, 0, 76, 2, 0, 0, 0, 104, 105]));
    expect(toHex(labelledHash('L', ['hi']))).toBe(toHex(expected));
  });

  it('separates masks, share keys and rounds for the same X25519 secret', () => {
    const raw = nacl.randomBytes(32);
    const seeds = [
      pairMaskSeed('run', 1, 'a', 'b', raw),
      pairMaskSeed('run', 2, 'a', 'b', raw),
      pairMaskSeed('run2', 1, 'a', 'b', raw),
      pairMaskSeed('run', 1, 'b', 'a', raw),
      shareKey('run', 1, 'a', 'b', raw),
      selfMaskKey('run', 1, 'a', raw),
    ].map(toHex);
    expect(new Set(seeds).size).toBe(seeds.length);
    expect(seeds.every((s) => s.length === 64)).toBe(true);
    expect(toHex(deriveKey('x', [raw]))).toBe(toHex(deriveKey('x', [raw])));
  });
});
