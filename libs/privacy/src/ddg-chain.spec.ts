import { addModular, fromModular, toModular } from './modular';
import { decodeDdgCount, decodeDdgSum, encodeDdgUpdate, type DdgEncoding } from './ddg-chain';
import { checkFit } from './fit';
import { paddedDim } from './hadamard';
import { RandomBits, seededRandom } from './random-bits';

const seeded = (b: number) => new RandomBits(seededRandom(new Uint8Array(32).fill(b)));

describe('modular reduction', () => {
  it('the modular sum of integer vectors decodes to their true (signed) sum', () => {
    const bits = 12;
    const vectors = [
      [5, -7, 2047, -2048, 0],
      [-5, 3, -2047, 1000, -1],
      [100, 4, -1, 1047, 1],
    ];
    const acc = new Uint32Array(5);
    for (const v of vectors) addModular(acc, toModular(v, bits), bits);
    const truth = [100, 0, -1, -1, 0]; // every running sum wraps, the total fits in [−2048, 2048)
    expect(Array.from(fromModular(acc, bits))).toEqual(truth);
    // Summing modulo 2^32 first (what secure aggregation does) and reducing later gives the same.
    const wide = new Uint32Array(5);
    for (const v of vectors) addModular(wide, toModular(v, 32), 32);
    expect(Array.from(fromModular(wide, bits))).toEqual(truth);
  });

  it('refuses non-integers and bad widths', () => {
    expect(() => toModular([0.5], 8)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => toModular([1], 33)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => addModular(new Uint32Array(2), new Uint32Array(3), 8)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });
});

describe('the distributed DP chain: clip → rotate → scale → round → noise → mod → sum → decode', () => {
  const P = 300;
  const clients = 20;
  const update = (k: number) => Float64Array.from({ length: P }, (_, i) => Math.sin(i * 0.37 + k) * 0.05);
  const base: DdgEncoding = { clip: 1, scale: 200, beta: Math.exp(-0.5), bits: 20, seed: new Uint8Array(32).fill(8), localVariance: 0 };

  it('without noise the decoded sum equals the true sum up to rounding (≤ n·√d/s in norm)', () => {
    const acc = new Uint32Array(paddedDim(P));
    const truth = new Float64Array(P);
    const rng = seeded(5);
    for (let k = 0; k < clients; k++) {
      const u = update(k);
      u.forEach((v, i) => (truth[i] += v));
      addModular(acc, encodeDdgUpdate(u, base, rng).values, base.bits);
    }
    const got = decodeDdgSum(acc, base, P);
    let err = 0;
    for (let i = 0; i < P; i++) err += (got[i] - truth[i]) ** 2;
    expect(Math.sqrt(err)).toBeLessThan((clients * Math.sqrt(paddedDim(P))) / base.scale);
  });

  it('with discrete Gaussian noise the error has the variance n·σ²/s² per coordinate', () => {
    const sigma = 40;
    const p = { ...base, localVariance: sigma * sigma };
    checkFit({ clients, dim: paddedDim(P), clip: p.clip, scale: p.scale, localStddev: sigma }, p.bits);
    const acc = new Uint32Array(paddedDim(P));
    const truth = new Float64Array(P);
    const rng = seeded(6);
    for (let k = 0; k < clients; k++) {
      const u = update(k);
      u.forEach((v, i) => (truth[i] += v));
      addModular(acc, encodeDdgUpdate(u, p, rng).values, p.bits);
    }
    const got = decodeDdgSum(acc, p, P);
    let mse = 0;
    for (let i = 0; i < P; i++) mse += (got[i] - truth[i]) ** 2;
    mse /= P;
    // Noise variance n·σ²/s² dominates the rounding variance (≤ n/(4s²)); 300 coordinates → ±25 % at 5 standard errors.
    const expected = (clients * sigma * sigma) / base.scale ** 2;
    expect(mse / expected).toBeGreaterThan(0.75);
    expect(mse / expected).toBeLessThan(1.3);
  });

  it('clips an oversized update and reports it', () => {
    const big = Float64Array.from({ length: P }, () => 1);
    const e = encodeDdgUpdate(big, base, seeded(9));
    expect(e.unclipped).toBe(false);
    expect(e.norm).toBeCloseTo(Math.sqrt(P), 12);
    const back = decodeDdgSum(e.values, base, P);
    let n2 = 0;
    for (const v of back) n2 += v * v;
    expect(Math.sqrt(n2)).toBeLessThan(base.clip + Math.sqrt(paddedDim(P)) / base.scale);
  });

  it('adaptive clipping: the count coordinate sums a·(2b − 1) in the same vector and decodes to Σ(b − ½) (+ noise)', () => {
    const d = paddedDim(P);
    const a = 7;
    const acc = new Uint32Array(d + 1);
    let centred = 0;
    const rng = seeded(9);
    for (let k = 0; k < clients; k++) {
      const u = update(k).map((v) => v * (k % 3 === 0 ? 100 : 1)); // every third is clipped (norm ≫ 1)
      const enc = encodeDdgUpdate(u, { ...base, countAmplitude: a }, rng);
      expect(enc.values.length).toBe(d + 1);
      centred += enc.unclipped ? 0.5 : -0.5;
      addModular(acc, enc.values, base.bits);
    }
    expect(centred).toBe(clients / 2 - 7); // 7 of 20 clipped
    expect(decodeDdgCount(acc, { bits: base.bits, dim: d, countAmplitude: a })).toBe(centred);
    // With noise: the decoded count's error has stddev √n·σ/(2a).
    const sigma = 30;
    const errs: number[] = [];
    for (let t = 0; t < 120; t++) {
      const sum = new Uint32Array(d + 1);
      for (let k = 0; k < clients; k++) addModular(sum, encodeDdgUpdate(update(k), { ...base, localVariance: sigma * sigma, countAmplitude: a }, rng).values, base.bits);
      errs.push(decodeDdgCount(sum, { bits: base.bits, dim: d, countAmplitude: a }) - clients / 2);
    }
    const sd = Math.sqrt(errs.reduce((x, e) => x + e * e, 0) / errs.length);
    const want = (Math.sqrt(clients) * sigma) / (2 * a);
    expect(sd).toBeGreaterThan(want * 0.8);
    expect(sd).toBeLessThan(want * 1.2);
  });
});
