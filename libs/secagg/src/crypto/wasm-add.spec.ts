/**
 * The WebAssembly SIMD adder is exact modulo 2^32 and equal to the JS adds for
 * both signs, wrap-around, every tail length and misaligned keystream bytes;
 * `streamMasks` gives the same accumulator with and without it, on every PRG.
 */
import nacl from 'tweetnacl';
import { PRG_CHUNK_BYTES } from '../constants';
import { nodeChaCha20Keystream, nodeChaCha20Prg } from '../node/chacha20-node';
import { nobleChaCha20Prg } from './chacha20-noble';
import { addVector, addWords, streamMasks, type KeystreamReader, type Mask } from './prg';
import { releaseSum, residentSum, wasmAdder } from './wasm-add';

const words = (n: number) => new Uint32Array(nacl.randomBytes(4 * n).buffer);

describe(wasmAdder.name, () => {
  const simd = wasmAdder();

  it('is available on Node 20 (WebAssembly SIMD)', () => {
    expect(simd).not.toBeNull();
  });

  it('adds and subtracts exactly like the JS adds, for every tail length and misaligned input', () => {
    for (const n of [1, 3, 4, 15, 16, 17, 63, 100, PRG_CHUNK_BYTES / 4 - 1, PRG_CHUNK_BYTES / 4]) {
      for (const sign of [1, -1] as const) {
        const acc = words(n + 5);
        const raw = nacl.randomBytes(4 * n + 1).subarray(1); // odd byteOffset
        const expected = acc.slice();
        addWords(expected, 2, raw, sign);
        const got = acc.slice();
        simd!.load(got, 2, n);
        simd!.add(raw, n, sign);
        simd!.store(got, 2, n);
        expect(Buffer.from(got.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
      }
    }
  });

  it('wraps modulo 2^32', () => {
    const acc = new Uint32Array(64).fill(0xffffffff);
    const ks = new Uint8Array(new Uint32Array(64).fill(2).buffer);
    simd!.load(acc, 0, 64);
    simd!.add(ks, 64, 1);
    simd!.store(acc, 0, 64);
    expect(acc.every((w) => w === 1)).toBe(true);
    simd!.load(acc, 0, 64);
    simd!.add(ks, 64, -1);
    simd!.add(ks, 64, -1);
    simd!.store(acc, 0, 64);
    expect(acc.every((w) => w === 0xfffffffd)).toBe(true);
  });
});

describe(streamMasks.name, () => {
  it('leaves no accumulator or keystream chunk in the kernel or scratch memory (best-effort wipe)', () => {
    nodeChaCha20Prg.addMasks(words(1000), [{ key: nacl.randomBytes(32), sign: 1 }]);
    const out = words(PRG_CHUNK_BYTES / 4);
    wasmAdder()!.store(out, 0, out.length);
    expect(out.every((w) => w === 0)).toBe(true);
  });

  it('gives identical accumulators with and without the SIMD adder, across chunks and windows', () => {
    const P = 2 * (PRG_CHUNK_BYTES / 4) + 37;
    const masks: Mask[] = Array.from({ length: 7 }, (_, i) => ({ key: nacl.randomBytes(32), sign: i % 3 === 1 ? -1 : 1 }));
    for (const prg of [nodeChaCha20Prg, nobleChaCha20Prg]) {
      const start = words(P);
      const fast = start.slice();
      prg.addMasks(fast, masks);
      // Reference streams straight from the cipher, not through any adder.
      const open = (key: Uint8Array): KeystreamReader => {
        const bytes = nodeChaCha20Keystream(key, new Uint8Array(12), 0, new Uint8Array(4 * P));
        let off = 0;
        return (n) => bytes.subarray(off, (off += n));
      };
      for (const options of [{ simd: false }, { simd: true, window: 2 }, { simd: false, window: 1 }]) {
        const acc = start.slice();
        streamMasks(acc, masks, open, options);
        expect(Buffer.from(acc.buffer).equals(Buffer.from(fast.buffer))).toBe(true);
      }
    }
  });
});

describe(residentSum.name, () => {
  it('is a zeroed accumulator that addVector and streamMasks fill exactly like a plain Uint32Array', () => {
    for (const n of [1, 17, PRG_CHUNK_BYTES / 4 + 5, 3 * (PRG_CHUNK_BYTES / 4) - 1]) {
      const resident = residentSum(n)!;
      expect(resident).not.toBeNull();
      expect(resident.every((w) => w === 0)).toBe(true);
      const plain = new Uint32Array(n);
      const y = words(n + 3).subarray(1, n + 1); // misaligned start within its buffer
      addVector(resident, y);
      addVector(plain, y);
      const masks: Mask[] = [
        { key: nacl.randomBytes(32), sign: 1 },
        { key: nacl.randomBytes(32), sign: -1 },
        { key: nacl.randomBytes(32), sign: -1 },
      ];
      nodeChaCha20Prg.addMasks(resident, masks);
      nobleChaCha20Prg.addMasks(resident, [masks[0]]);
      nodeChaCha20Prg.addMasks(plain, masks);
      nobleChaCha20Prg.addMasks(plain, [masks[0]]);
      expect(Buffer.from(resident.buffer, resident.byteOffset, 4 * n).equals(Buffer.from(plain.buffer))).toBe(true);
      releaseSum(resident);
    }
  });

  it('is reused after releaseSum, zeroed, and a plain array is only zeroed', () => {
    const a = residentSum(1000)!;
    a.fill(7);
    releaseSum(a);
    const b = residentSum(500)!;
    expect(b.every((w) => w === 0)).toBe(true);
    releaseSum(b);
    const plain = new Uint32Array(4).fill(9);
    releaseSum(plain);
    expect(plain.every((w) => w === 0)).toBe(true);
  });
});
