/**
 * Mask PRG: RFC 8439 §2.3.2 known answer on both ChaCha20 paths, NaCl's
 * XSalsa20 vector, byte-identical node:crypto and @noble/ciphers streams,
 * 32-byte keys only, and ± masks cancelling exactly.
 */
import nacl from 'tweetnacl';
import { nodeChaCha20Keystream, nodeChaCha20Prg } from '../node/chacha20-node';
import { fromHex, toHex } from '../util/bytes';
import { nobleChaCha20Keystream, nobleChaCha20Prg } from './chacha20-noble';
import { addWords, maskWords } from './prg';
import { naclXSalsa20Keystream, naclXSalsa20Prg } from './xsalsa20-nacl';

const RFC_KEY = Uint8Array.from({ length: 32 }, (_, i) => i);
const RFC_NONCE = fromHex('000000090000004a00000000');
const RFC_PREFIX = '10f1e7e4d13b5915500fdd1fa32071c4';

describe('ChaCha20 (RFC 8439)', () => {
  it('reproduces the §2.3.2 keystream (counter 1) on node:crypto and @noble/ciphers', () => {
    expect(toHex(nodeChaCha20Keystream(RFC_KEY, RFC_NONCE, 1, new Uint8Array(16)))).toBe(RFC_PREFIX);
    expect(toHex(nobleChaCha20Keystream(RFC_KEY, RFC_NONCE, 1, new Uint8Array(16)))).toBe(RFC_PREFIX);
  });

  it('gives identical bytes on both paths across chunk boundaries and odd lengths', () => {
    for (const words of [1, 15, 16, 16383, 16384, 16385, 40000]) {
      const key = nacl.randomBytes(32);
      expect(Buffer.from(maskWords(nodeChaCha20Prg, key, words).buffer).equals(Buffer.from(maskWords(nobleChaCha20Prg, key, words).buffer))).toBe(true);
    }
    const key = nacl.randomBytes(32);
    const long = nodeChaCha20Keystream(key, new Uint8Array(12), 0, new Uint8Array(3 * 65536 + 100));
    expect(toHex(nobleChaCha20Keystream(key, new Uint8Array(12), 0, new Uint8Array(long.length)))).toBe(toHex(long));
  });

  it('adds exactly the keystream words, over several chunks (the adders against the raw cipher)', () => {
    const key = nacl.randomBytes(32);
    const n = 3 * 16384 + 21;
    const raw = nodeChaCha20Keystream(key, new Uint8Array(12), 0, new Uint8Array(4 * n));
    const expected = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    for (const prg of [nodeChaCha20Prg, nobleChaCha20Prg]) expect(Buffer.from(maskWords(prg, key, n).buffer).equals(expected)).toBe(true);
  });

  it('reads the keystream as little-endian uint32 words from counter 0, zero nonce', () => {
    const key = nacl.randomBytes(32);
    const bytes = nobleChaCha20Keystream(key, new Uint8Array(12), 0, new Uint8Array(8));
    const w = maskWords(nodeChaCha20Prg, key, 2);
    expect(w[0]).toBe((bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0);
    expect(w[1]).toBe((bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (bytes[7] << 24)) >>> 0);
  });
});

describe('XSalsa20 (tweetnacl crypto_stream)', () => {
  it('reproduces the NaCl stream3 vector', () => {
    const k = fromHex('1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389');
    const n = fromHex('69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37');
    expect(toHex(naclXSalsa20Keystream(k, n, new Uint8Array(32)))).toBe('eea6a7251c1e72916d11c2cb214d3c252539121d8e234e652d651fa4c8cff880');
  });

  it('is a different stream from ChaCha20 (both sides must pick the same id)', () => {
    const key = nacl.randomBytes(32);
    expect(Array.from(maskWords(naclXSalsa20Prg, key, 4))).not.toEqual(Array.from(maskWords(nobleChaCha20Prg, key, 4)));
  });
});

describe('MaskPrg', () => {
  for (const prg of [nodeChaCha20Prg, nobleChaCha20Prg, naclXSalsa20Prg]) {
    it(`${prg.impl}: accepts only 32-byte keys`, () => {
      for (const len of [0, 4, 16, 31, 33, 64]) {
        expect(() => prg.addMask(new Uint32Array(4), new Uint8Array(len), 1)).toThrow(expect.objectContaining({ code: 'BAD_KEY' }));
      }
      expect(() => prg.addMask(new Uint32Array(4), 'x'.repeat(32) as unknown as Uint8Array, 1)).toThrow(expect.objectContaining({ code: 'BAD_KEY' }));
    });

    it(`${prg.impl}: +mask then −mask restores the accumulator exactly (mod 2^32)`, () => {
      const acc = new Uint32Array(nacl.randomBytes(4 * 20000).buffer);
      const before = acc.slice();
      const key = nacl.randomBytes(32);
      prg.addMask(acc, key, 1);
      expect(acc).not.toEqual(before);
      prg.addMask(acc, key, -1);
      expect(acc).toEqual(before);
    });
  }

  for (const prg of [nodeChaCha20Prg, nobleChaCha20Prg, naclXSalsa20Prg]) {
    it(`${prg.impl}: fused addMasks equals one addMask per mask, for any mix of signs`, () => {
      const P = 16384 + 77;
      for (const count of [1, 2, 5, 9]) {
        const masks = Array.from({ length: count }, (_, i) => ({ key: nacl.randomBytes(32), sign: (i % 3 === 1 ? -1 : 1) as 1 | -1 }));
        const start = new Uint32Array(nacl.randomBytes(4 * P).buffer);
        const fused = start.slice();
        prg.addMasks(fused, masks);
        const seq = start.slice();
        for (const m of masks) prg.addMask(seq, m.key, m.sign);
        expect(Buffer.from(fused.buffer).equals(Buffer.from(seq.buffer))).toBe(true);
      }
    });
  }

  it('addWords wraps modulo 2^32 and handles misaligned bytes', () => {
    const acc = new Uint32Array([0xffffffff, 1]);
    const buf = new Uint8Array(9);
    buf.set([2, 0, 0, 0, 0xff, 0xff, 0xff, 0xff], 1);
    addWords(acc, 0, buf.subarray(1), 1);
    expect(Array.from(acc)).toEqual([1, 0]);
    addWords(acc, 0, buf.subarray(1), -1);
    expect(Array.from(acc)).toEqual([0xffffffff, 1]);
  });
});
