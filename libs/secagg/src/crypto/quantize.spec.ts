/**
 * Quantisation into Z_2^32 (docs/secure-aggregation.md "Encoding"; README.md "Tests" invariants 4–5): the error
 * bound, unbiasedness, the overflow boundary at Q = 2^22, the clip fraction,
 * and the weighted mean against plain FedAvg.
 */
import nacl from 'tweetnacl';
import { checkOverflow, chooseBits, createQuantizer, encodingBits, decodeSum, decodeWeightedMean, quantize, quantizeWeighted } from './quantize';

const sumInto = (acc: Uint32Array, v: Uint32Array): void => {
  for (let i = 0; i < acc.length; i++) acc[i] += v[i];
};

describe(chooseBits.name, () => {
  it('gives Q = 2^(32 − ⌈log2 nMax⌉) and refuses impossible cohorts', () => {
    expect(chooseBits(1)).toBe(32);
    expect(chooseBits(2)).toBe(31);
    expect(chooseBits(1000)).toBe(22);
    expect(chooseBits(1024)).toBe(22);
    expect(chooseBits(1025)).toBe(21);
    expect(chooseBits(2 ** 31)).toBe(1);
    for (const bad of [0, -1, 1.5, 2 ** 31 + 1, NaN]) expect(() => chooseBits(bad)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    for (const n of [1, 3, 50, 1000, 1024, 1025, 99999]) expect(n * (2 ** chooseBits(n) - 1)).toBeLessThan(2 ** 32);
  });

  it('refuses configurations that would wrap', () => {
    expect(() => createQuantizer(1, 1025, 22)).toThrow(expect.objectContaining({ code: 'OVERFLOW' }));
    expect(() => createQuantizer(0, 10)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => createQuantizer(Infinity, 10)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => checkOverflow(2, 32)).toThrow(expect.objectContaining({ code: 'OVERFLOW' }));
  });
});

describe(quantize.name, () => {
  it('overflow boundary: with Q = 2^22, 1024 clients at +c decode exactly; 1025 are rejected', () => {
    const p = createQuantizer(0.5, 1024, 22);
    const one = quantize(new Float64Array([0.5, -0.5, 0.5]), p);
    expect(Array.from(one.values)).toEqual([2 ** 22 - 1, 0, 2 ** 22 - 1]);
    const sum = new Uint32Array(3);
    for (let i = 0; i < 1024; i++) sumInto(sum, one.values);
    expect(sum[0]).toBe(2 ** 32 - 1024);
    expect(Array.from(decodeSum(sum, 1024, p))).toEqual([512, -512, 512]);
    expect(() => decodeSum(sum, 1025, p)).toThrow(expect.objectContaining({ code: 'OVERFLOW' }));
    expect(() => decodeSum(sum, 1025, { ...p, nMax: 2000 })).toThrow(expect.objectContaining({ code: 'OVERFLOW' }));
  });

  it.each([
    ['JS loop (plain arrays)', (x: number[]) => x],
    ['WebAssembly kernel (Float64Array)', (x: number[]) => Float64Array.from(x)],
    ['WebAssembly kernel (Float32Array)', (x: number[]) => Float32Array.from(x)],
  ])('|decode(Σq) − Σ clamp(x)| ≤ n·2c/(Q−1) per coordinate: %s', (_, as) => {
    for (const [n, bits, c] of [
      [10, 8, 1],
      [50, 26, 0.01],
      [7, 3, 4],
    ]) {
      const p = createQuantizer(c, n, bits);
      const P = 500;
      const sum = new Uint32Array(P);
      const exact = new Float64Array(P);
      for (let u = 0; u < n; u++) {
        const x = Array.from(as(Array.from({ length: P }, () => (Math.random() * 3 - 1.5) * c)));
        sumInto(sum, quantize(as(x), p).values);
        x.forEach((v, i) => (exact[i] += Math.max(-c, Math.min(c, v))));
      }
      const bound = (n * 2 * c) / (2 ** bits - 1);
      const dec = decodeSum(sum, n, p);
      for (let i = 0; i < P; i++) expect(Math.abs(dec[i] - exact[i])).toBeLessThanOrEqual(bound * (1 + 1e-9));
    }
  });

  it.each([
    ['JS loop', { wasm: false }],
    ['WebAssembly kernel', {}],
  ])('is unbiased: the mean error over 10^4 trials is close to 0 (%s)', (_, options) => {
    const p = createQuantizer(1, 1, 4);
    const x = new Float64Array(10_000).fill(0.123456);
    const dec = decodeSum(quantize(x, p, undefined, 1, undefined, options).values, 1, p);
    const step = 2 / 15;
    const meanErr = dec.reduce((a, v) => a + (v - 0.123456), 0) / dec.length;
    // per-trial error has std ≤ step/2; 5 standard errors of the mean
    expect(Math.abs(meanErr)).toBeLessThan((5 * step) / 2 / Math.sqrt(dec.length));
    expect(new Set(dec).size).toBe(2);
  });

  it('uses the injected CSPRNG for rounding (deterministic under a fixed source)', () => {
    const p = createQuantizer(1, 4, 8);
    const x = Array.from({ length: 1000 }, (_, i) => Math.sin(i));
    const fixed = (n: number) => new Uint8Array(n).fill(0x80);
    expect(quantize(x, p, fixed).values).toEqual(quantize(x, p, fixed).values);
    expect(quantize(x, p).values).not.toEqual(quantize(x, p).values);
  });

  it('reports the clip fraction and refuses non-finite inputs', () => {
    const p = createQuantizer(1, 4);
    const q = quantize([0, 2, -3, 1, 0.5, -1.0000001, 1, -1], p);
    expect(q.clipped).toBe(3);
    expect(q.clipFraction).toBeCloseTo(3 / 8);
    expect(() => quantize([0, NaN], p)).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    expect(() => quantize([Infinity], p)).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
  });
});

describe(quantizeWeighted.name, () => {
  it('FedAvg vector: [1, 2] with n = 1 and [3, 4] with n = 3 give ≈ [2.5, 3.5]', () => {
    const p = createQuantizer(8, 2, 24);
    const a = quantizeWeighted([1, 2], 1, 3, p);
    const b = quantizeWeighted([3, 4], 3, 3, p);
    expect(a.weight).toBeCloseTo(1 / 3);
    expect(b.weight).toBe(1);
    const sum = new Uint32Array(3);
    sumInto(sum, a.values);
    sumInto(sum, b.values);
    const { mean, weightSum } = decodeWeightedMean(sum, 2, p);
    expect(weightSum).toBeCloseTo(4 / 3, 5);
    const tol = (2 * 2 * 8) / (2 ** 24 - 1) / weightSum + 1e-5;
    expect(Math.abs(mean[0] - 2.5)).toBeLessThan(tol);
    expect(Math.abs(mean[1] - 3.5)).toBeLessThan(tol);
  });

  it('caps the weight at 1 and refuses a zero weight sum', () => {
    const p = createQuantizer(1, 2, 16);
    expect(quantizeWeighted([0.1], 1e9, 100, p).weight).toBe(1);
    const zero = quantizeWeighted([0.5], 0, 100, p);
    expect(() => decodeWeightedMean(zero.values, 1, p)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => quantizeWeighted([0.5], -1, 100, p)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });

  it('random inputs stay within the bound of the plain weighted mean', () => {
    const n = 5;
    const p = createQuantizer(2, n, 20);
    const P = 50;
    const sum = new Uint32Array(P + 1);
    const num = new Float64Array(P);
    let den = 0;
    for (let u = 0; u < n; u++) {
      const x = Array.from(new Float64Array(new Uint32Array(nacl.randomBytes(4 * P).buffer)), (v) => v / 2 ** 32 - 0.5);
      const nk = 10 + 20 * u;
      const q = quantizeWeighted(x, nk, 60, p);
      sumInto(sum, q.values);
      x.forEach((v, i) => (num[i] += q.weight * v));
      den += q.weight;
    }
    const { mean, weightSum } = decodeWeightedMean(sum, n, p);
    expect(Math.abs(weightSum - den)).toBeLessThanOrEqual(n / (2 ** 20 - 1));
    const step = (2 * 2) / (2 ** 20 - 1);
    // decoded = (Σwx + e_N)/(Σw + e_D), |e_N| ≤ n·step, |e_D| ≤ n/(Q−1)
    for (let i = 0; i < P; i++) {
      const bound = (n * step + (Math.abs(num[i]) / den) * (n / (2 ** 20 - 1))) / weightSum;
      expect(Math.abs(mean[i] - num[i] / den)).toBeLessThanOrEqual(bound * (1 + 1e-9));
    }
  });
});

describe('encodingBits', () => {
  it('leaves at least half of the ring beyond the honest range n·(2^b − 1), for every n up to 2^20 (chooseBits leaves n words at n = 2^k)', () => {
    expect([3, 4, 5, 8, 10, 50].map(encodingBits)).toEqual([29, 29, 28, 28, 27, 25]);
    expect(2 ** 32 - 4 * (2 ** chooseBits(4) - 1)).toBe(4); // the most bits: 4 words beyond
    for (let n = 1; n <= 2 ** 20; n = n < 64 ? n + 1 : n * 2 + (n % 3)) {
      const b = encodingBits(n);
      expect(n * (2 ** b - 1)).toBeLessThan(2 ** 31);
      expect(b).toBe(chooseBits(n) - 1);
    }
  });
});

