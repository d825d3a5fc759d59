/**
 * The CPU fast paths of a secure round, each against the path it replaced:
 * - SHA-512 through the backend (node:crypto) is byte-identical to tweetnacl's,
 *   for the KDF, the mask seeds and the graph order, so Node and browser
 *   (tweetnacl) clients still agree;
 * - `lengthPrefixed` written in one pass equals the concatenation of the parts;
 * - the branch-free stochastic rounding equals `⌊y⌋ + [u < frac(y)·2^32]`
 *   draw for draw, and with `nodeSecureRandom` it is still unbiased and within
 *   one step;
 * - `addVector` (SIMD) equals the JS ring addition;
 * - Ed25519 public keys cached by content verify exactly like fresh imports;
 * - a client skips verifying only its own, byte-identical consistency signature;
 * - the consistency transcripts built from one shared head and tail are the
 *   transcripts built field by field;
 * - `byteKey` (duplicate-key checks) is injective like `toHex`.
 */
import nacl from 'tweetnacl';
import { naclBackend } from '../crypto/nacl-backend';
import { deriveKey, labelledHash, naclSha512, pairMaskSeed, selfMaskKey, shareKey } from '../crypto/kdf';
import { pairMask, selfMask } from '../crypto/masks';
import { addVector } from '../crypto/prg';
import { createQuantizer, decodeSum, quantize, quantizeWeighted } from '../crypto/quantize';
import { consistencyTranscript, consistencyTranscripts } from '../crypto/transcripts';
import type { CryptoBackend } from '../crypto/backend';
import { neighbourhoods, ringOrder } from '../graph/harary';
import { ids, simulate } from '../testing/harness';
import { byteKey, concat, lengthPrefixed, toHex, u32le, utf8 } from '../util/bytes';
import { nodeBackend } from './backend';
import { nodeSign, nodeVerify } from './ed25519-node';
import { nodeSecureRandom } from './random-node';
import { nodeSha512 } from './sha512-node';

describe('SHA-512: node:crypto vs tweetnacl', () => {
  it('hashes identically at every length around the block boundaries', () => {
    for (const n of [0, 1, 55, 111, 112, 127, 128, 129, 255, 256, 1000, 65537]) {
      const m = nacl.randomBytes(n);
      const h = nodeSha512(m);
      expect(h).toBeInstanceOf(Uint8Array);
      expect(h.length).toBe(64);
      expect(toHex(h)).toBe(toHex(nacl.hash(m)));
      expect(toHex(nodeBackend.sha512(m))).toBe(toHex(naclBackend.sha512(m)));
    }
    // FIPS 180-2 "abc"
    expect(toHex(nodeSha512(utf8('abc')))).toBe(
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    );
  });

  it('gives the same KDF outputs, mask seeds, masks and graph order on both backends', () => {
    const raw = nacl.randomBytes(32);
    const hashes = [nodeSha512, naclSha512];
    const [a, b] = hashes.map((h) => [
      labelledHash('L', ['runé', 7, raw], h),
      deriveKey('L', [raw], h),
      pairMaskSeed('run', 1, 'c001', 'c002', raw, h),
      selfMaskKey('run', 1, 'c001', raw, h),
      shareKey('run', 1, 'c001', 'c002', raw, h),
      selfMask('run', 1, 'c001', raw, 1, h).key,
    ].map(toHex));
    expect(a).toEqual(b);
    expect(toHex(deriveKey('L', [raw]))).toBe(b[1]); // the default is tweetnacl
    const seed = nacl.randomBytes(32);
    const cohort = ids(40);
    expect(ringOrder(cohort, seed, nodeSha512)).toEqual(ringOrder(cohort, seed));
    expect(neighbourhoods(cohort, 6, seed, nodeSha512)).toEqual(neighbourhoods(cohort, 6, seed));
    const u = nacl.box.keyPair();
    const v = nacl.box.keyPair();
    const side = (id: string, index: number) => ({ id, index });
    expect(toHex(pairMask(nodeBackend, 'r', 2, side('a', 1), side('b', 2), u.secretKey, v.publicKey, 1).key)).toBe(
      toHex(pairMask(naclBackend, 'r', 2, side('b', 2), side('a', 1), v.secretKey, u.publicKey, 1).key),
    );
  });

  it('deriveKey returns a 32-byte array of its own (not a view of the 64-byte hash)', () => {
    const k = deriveKey('L', [nacl.randomBytes(32)], nodeSha512);
    expect(k.length).toBe(32);
    expect(k.byteOffset).toBe(0);
    expect(k.buffer.byteLength).toBe(32);
  });

  it('a whole round with Node and tweetnacl clients mixed and a Node server sums correctly', () => {
    const r = simulate({ n: 4, P: 40, backend: nodeBackend, clientBackend: (id) => (id < 'c002' ? naclBackend : nodeBackend), dropAt: { c003: 'masked-input' } });
    expect(r.outcome.kind).toBe('done');
    if (r.outcome.kind === 'done') expect(Array.from(r.outcome.result.sum)).toEqual(Array.from(r.expected!));
  });
});

describe(lengthPrefixed.name, () => {
  /** The previous implementation: encode every part, then concatenate. */
  const reference = (fields: (Uint8Array | string | number)[]): Uint8Array => {
    const parts: Uint8Array[] = [];
    for (const f of fields) {
      const b = typeof f === 'string' ? utf8(f) : typeof f === 'number' ? u32le(f) : f;
      parts.push(u32le(b.length), b);
    }
    return concat(parts);
  };

  it('is byte-identical to encoding and concatenating the parts', () => {
    const cases: (Uint8Array | string | number)[][] = [
      [],
      [''],
      ['secagg/share-key', 'run-1', 3, 'c001', 'c002', nacl.randomBytes(32)],
      ['é', 'naïve', '日本', '🙂', 'a\u0000b', '\u007f\u0080', 'mixed ascii then ü'],
      [0, 1, 255, 256, 0xffffffff, 2 ** 31],
      [new Uint8Array(0), nacl.randomBytes(1), nacl.randomBytes(300)],
      ['lone surrogate \ud800', 'x'],
    ];
    for (const c of cases) expect(toHex(lengthPrefixed(c))).toBe(toHex(reference(c)));
  });

  it('still refuses numbers outside u32', () => {
    for (const bad of [-1, 1.5, 2 ** 32, NaN]) expect(() => lengthPrefixed(['x', bad])).toThrow(RangeError);
  });
});

describe(byteKey.name, () => {
  it('is equal exactly when the bytes are, at any length (also beyond one 4 KiB call)', () => {
    const a = nacl.randomBytes(32);
    const b = a.slice();
    b[31] ^= 0x80;
    expect(byteKey(a)).toBe(byteKey(a.slice()));
    expect(byteKey(a)).not.toBe(byteKey(b));
    expect(byteKey(new Uint8Array([0, 1]))).not.toBe(byteKey(new Uint8Array([0, 1, 0])));
    expect(byteKey(Buffer.from(a))).toBe(byteKey(a));
    const long = nacl.randomBytes(10_000);
    const other = long.slice();
    other[9_999] ^= 1;
    expect(byteKey(long)).toHaveLength(10_000);
    expect(byteKey(long)).toBe(byteKey(long.slice()));
    expect(byteKey(long)).not.toBe(byteKey(other));
    expect(Array.from(byteKey(new Uint8Array([0, 127, 128, 255])), (c) => c.charCodeAt(0))).toEqual([0, 127, 128, 255]);
  });
});

describe(consistencyTranscripts.name, () => {
  it('gives, for every sender, the bytes of consistencyTranscript', () => {
    for (const survivors of [[], ['a'], ids(50), ['ü-1', 'x', '日本']]) {
      const of = consistencyTranscripts('run-ä', 7, survivors);
      for (const sender of [...survivors, 'someone-else', '']) {
        expect(toHex(of(sender))).toBe(toHex(consistencyTranscript('run-ä', 7, sender, survivors)));
      }
    }
  });
});

describe('stochastic rounding (branch-free)', () => {
  /** The rule as specified: ⌊y⌋ + [u < frac(y)·2^32], capped at Q − 1. */
  function referenceQuantize(x: ArrayLike<number>, clip: number, bits: number, draws: Uint32Array): Uint32Array {
    const top = 2 ** bits - 1;
    const step = top / (2 * clip);
    return Uint32Array.from(Array.from(x), (v, i) => {
      if (v >= clip) return top;
      if (v <= -clip) return 0;
      const y = (v + clip) * step;
      const f = Math.floor(y);
      return Math.min(top, f + (draws[i] < (y - f) * 2 ** 32 ? 1 : 0));
    });
  }
  const source = (draws: Uint32Array) => {
    let at = 0;
    return (n: number): Uint8Array => {
      const out = new Uint8Array(draws.buffer.slice(at, at + n));
      at += n;
      return out;
    };
  };

  it('equals the reference rule draw for draw, including draws at the threshold', () => {
    for (const [clip, bits] of [
      [1, 4],
      [0.01, 20],
      [3, 28],
      [1, 32],
    ]) {
      const P = 40_000;
      const x = Float64Array.from({ length: P }, (_, i) => (i % 7 === 0 ? (i % 2 ? 1.5 : -1.5) * clip : (Math.random() * 2 - 1) * clip));
      const draws = new Uint32Array(nacl.randomBytes(4 * P).buffer);
      // put some draws exactly at and next to the threshold frac(y)·2^32
      const top = 2 ** bits - 1;
      for (let i = 1; i < P; i += 13) {
        const y = (x[i] + clip) * (top / (2 * clip));
        const th = (y - Math.floor(y)) * 2 ** 32;
        draws[i] = Math.max(0, Math.min(2 ** 32 - 1, Math.floor(th) + ((i % 3) - 1)));
      }
      const q = createQuantizer(clip, 1, bits);
      expect(Array.from(quantize(x, q, source(draws)).values)).toEqual(Array.from(referenceQuantize(x, clip, bits, draws)));
    }
  });

  it('reads the draws as little-endian words from an unaligned source too', () => {
    const P = 1000;
    const x = Float64Array.from({ length: P }, () => Math.random() * 2 - 1);
    const draws = new Uint32Array(nacl.randomBytes(4 * P).buffer);
    const aligned = source(draws);
    const unaligned = (n: number): Uint8Array => {
      const b = new Uint8Array(n + 1);
      b.set(aligned(n), 1);
      return b.subarray(1);
    };
    const q = createQuantizer(1, 1, 16);
    expect(Array.from(quantize(x, q, unaligned).values)).toEqual(Array.from(referenceQuantize(x, 1, 16, draws)));
  });

  it('refuses a random source that returns too few bytes', () => {
    const q = createQuantizer(1, 1, 16);
    expect(() => quantize([0.1, 0.2], q, (n) => new Uint8Array(n - 1))).toThrow(expect.objectContaining({ code: 'NO_RANDOMNESS' }));
  });

  it('with nodeSecureRandom: unbiased, and every value within one step of the input', () => {
    const p = createQuantizer(1, 1, 4);
    const x = 0.123456;
    const dec = decodeSum(quantize(new Float64Array(20_000).fill(x), p, nodeSecureRandom).values, 1, p);
    const step = 2 / 15;
    const meanErr = dec.reduce((a, v) => a + (v - x), 0) / dec.length;
    expect(Math.abs(meanErr)).toBeLessThan((5 * step) / 2 / Math.sqrt(dec.length));
    for (const v of dec) expect(Math.abs(v - x)).toBeLessThan(step);
    // the fraction of round-ups is frac(y)
    const y = (x + 1) * (15 / 2);
    const ups = dec.filter((v) => v > x).length / dec.length;
    expect(Math.abs(ups - (y - Math.floor(y)))).toBeLessThan(5 * Math.sqrt(0.25 / dec.length));
  });

  it('with nodeSecureRandom: the weighted encoding decodes within the bound', () => {
    const p = createQuantizer(0.5, 10, 20);
    const x = Float32Array.from({ length: 5000 }, () => Math.random() - 0.5);
    const q = quantizeWeighted(x, 10, 10, p, nodeSecureRandom);
    const dec = decodeSum(q.values, 1, p, x.length);
    const step = 1 / (2 ** 20 - 1);
    for (let i = 0; i < x.length; i++) expect(Math.abs(dec[i] - Math.max(-0.5, Math.min(0.5, x[i])))).toBeLessThanOrEqual(step * (1 + 1e-9));
    expect(q.values[x.length]).toBe(2 ** 20 - 1); // w = 1 exactly
  });

  it('nodeSecureRandom returns fresh bytes of the asked length and refuses bad lengths', () => {
    expect(nodeSecureRandom(0).length).toBe(0);
    const a = nodeSecureRandom(100_000);
    expect(a.length).toBe(100_000);
    expect(toHex(nodeSecureRandom(32))).not.toBe(toHex(nodeSecureRandom(32)));
    for (const bad of [-1, 1.5, NaN]) expect(() => nodeSecureRandom(bad)).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
  });

  it('nodeSecureRandom.fill overwrites the given array in place with fresh bytes', () => {
    const a = new Uint8Array(64);
    expect(nodeSecureRandom.fill!(a)).toBe(a);
    const first = toHex(a);
    expect(first).not.toBe(toHex(new Uint8Array(64)));
    expect(toHex(nodeSecureRandom.fill!(a))).not.toBe(first);
  });
});

describe(addVector.name, () => {
  it('adds modulo 2^32 exactly like the JS loop, with and without the SIMD kernel', () => {
    for (const n of [0, 1, 3, 4, 5, 16383, 16384, 16385, 100_001]) {
      const acc = new Uint32Array(nacl.randomBytes(4 * n).buffer);
      const y = new Uint32Array(nacl.randomBytes(4 * n).buffer);
      const want = acc.slice();
      for (let i = 0; i < n; i++) want[i] += y[i];
      const simd = acc.slice();
      addVector(simd, y);
      const js = acc.slice();
      addVector(js, y, { simd: false });
      expect(toHex(new Uint8Array(simd.buffer))).toBe(toHex(new Uint8Array(want.buffer)));
      expect(toHex(new Uint8Array(js.buffer))).toBe(toHex(new Uint8Array(want.buffer)));
    }
    expect(() => addVector(new Uint32Array(4), new Uint32Array(3))).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
  });
});

describe('Ed25519 public keys cached by content', () => {
  it('verifies through a fresh copy of the key exactly as through the original; other keys still fail', () => {
    const a = nacl.sign.keyPair();
    const b = nacl.sign.keyPair();
    const m = nacl.randomBytes(50);
    const sig = nodeSign(m, a.secretKey);
    expect(nodeVerify(m, sig, a.publicKey)).toBe(true);
    expect(nodeVerify(m, sig, a.publicKey.slice())).toBe(true);
    expect(nodeVerify(m, sig, b.publicKey)).toBe(false);
    expect(nodeVerify(m, sig, b.publicKey.slice())).toBe(false);
    const other = a.publicKey.slice();
    other[0] ^= 1;
    expect(nodeVerify(m, sig, other)).toBe(false);
    expect(nodeVerify(m, sig, a.publicKey.slice())).toBe(true);
  });
});

describe('unmask: own consistency signature', () => {
  /** nodeBackend counting Ed25519 verifications per (message signer is unknown here, so) call. */
  function counting(): { backend: CryptoBackend; verifies: () => number } {
    let n = 0;
    return {
      backend: {
        ...nodeBackend,
        name: 'counting',
        ed25519Verify(m, s, pk) {
          n++;
          return nodeBackend.ed25519Verify(m, s, pk);
        },
      },
      verifies: () => n,
    };
  }

  it('skips only the verify of its own byte-identical signature', () => {
    const c = counting();
    let before = 0;
    const r = simulate({
      n: 5,
      P: 8,
      backend: nodeBackend,
      clientBackend: (id) => (id === 'c000' ? c.backend : undefined),
      tamperRequest: (to, msg) => {
        if (to === 'c000' && msg.stage === 'unmask') before = c.verifies();
        return msg;
      },
    });
    expect(r.outcome.kind).toBe('done');
    expect(c.verifies() - before).toBe(4); // 5 signatures forwarded, its own not re-verified
  });

  it('still refuses a forged signature in its own name', () => {
    const r = simulate({
      n: 5,
      P: 8,
      backend: nodeBackend,
      tamperRequest: (to, msg) => {
        if (to !== 'c000' || msg.stage !== 'unmask' || !msg.signatures) return msg;
        return { ...msg, signatures: msg.signatures.map((s) => (s.from === 'c000' ? { ...s, signature: s.signature.map((b, i) => (i === 0 ? b ^ 1 : b)) } : s)) };
      },
    });
    expect(r.clientErrors.c000).toMatchObject({ code: 'INCONSISTENT_VIEW', clientId: 'c000' });
  });
});
