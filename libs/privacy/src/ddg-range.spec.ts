import { decodeDdgSum, encodeDdgUpdate, type DdgEncoding } from './ddg-chain';
import { checkDdgCountRange, checkDdgSumRange, ddgCountBound, ddgRangeBounds, type DdgRangeParams } from './ddg-range';
import { checkFit } from './fit';
import { paddedDim, rotate } from './hadamard';
import { addModular, fromModular } from './modular';
import { RandomBits, seededRandom } from './random-bits';

const seeded = (trial: number, salt: number) => {
  const key = new Uint8Array(32);
  new DataView(key.buffer).setUint32(0, trial);
  key[31] = salt;
  return new RandomBits(seededRandom(key));
};

describe('ddgRangeBounds (known answers)', () => {
  it('one client, no noise, plain rounding: ‖z‖ ≤ c + √d; |z_i| ≤ 1 + √(2(c²/d)·ln(4d/p))', () => {
    const b = ddgRangeBounds({ contributors: 1, dim: 4, clip: 1, scale: 2, beta: 0, localStddev: 0 });
    expect(b.l2).toBe(4);
    expect(b.noiseL2).toBe(0);
    expect(b.coordinate).toBeCloseTo(1 + Math.sqrt(2 * 1 * Math.log(16 / 1e-9)), 12);
    expect(b.coordinate).toBeCloseTo(7.855049899, 8);
  });

  it('four clients with noise: ‖z‖² ≤ (n·B)² + 2·n·B·σ√n·√(2t) + nσ²(d + 2√(dt) + 2t) at t = ln(4/p), B the conditional bound of KLS Prop. 22', () => {
    const b = ddgRangeBounds({ contributors: 4, dim: 64, clip: 0.5, scale: 64, beta: Math.exp(-0.5), localStddev: 10 });
    // c = 32: B = √(32² + 64/4 + √(2·½)·(32 + 4)) = √1076; σ√n = 20.
    const t = Math.log(4e9);
    expect(b.signalL2).toBeCloseTo(4 * Math.sqrt(1076), 9);
    expect(b.noiseL2).toBeCloseTo(20 * Math.sqrt(64 + 2 * Math.sqrt(64 * t) + 2 * t), 9);
    expect(b.cross).toBeCloseTo(2 * 4 * Math.sqrt(1076) * 20 * Math.sqrt(2 * t), 6);
    expect(b.l2).toBeCloseTo(354.25615612, 6);
    // v = (4·32)²/64 + 4·10² = 656.
    expect(b.coordinate).toBeCloseTo(4 + Math.sqrt(2 * 656 * Math.log((4 * 64) / 1e-9)), 9);
    expect(b.coordinate).toBeCloseTo(189.64535433, 6);
  });

  it('a stricter false-alarm probability widens both bounds; more contributors too', () => {
    const p: DdgRangeParams = { contributors: 4, dim: 64, clip: 0.5, scale: 64, beta: Math.exp(-0.5), localStddev: 10 };
    const base = ddgRangeBounds(p);
    const strict = ddgRangeBounds({ ...p, falseAlarm: 1e-15 });
    expect(strict.l2).toBeGreaterThan(base.l2);
    expect(strict.coordinate).toBeGreaterThan(base.coordinate);
    expect(ddgRangeBounds({ ...p, contributors: 5 }).l2).toBeGreaterThan(base.l2);
  });

  it('refuses bad parameters with INVALID_PARAMS', () => {
    const p: DdgRangeParams = { contributors: 4, dim: 64, clip: 1, scale: 32, beta: 0.5, localStddev: 10 };
    for (const bad of [{ contributors: 0 }, { dim: 0 }, { clip: 0 }, { scale: -1 }, { localStddev: NaN }, { falseAlarm: 0 }, { falseAlarm: 1 }, { beta: 1 }])
      expect(() => ddgRangeBounds({ ...p, ...bad })).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => checkDdgSumRange(new Float64Array(3), p)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });
});

describe('checkDdgSumRange over the real client chain', () => {
  // The coordinator's settings (apps/coordinator/src/privacy/ddg-params): d = 64 for P = 50, s = 4√d/S, β = e^−½,
  // σ = z·c/√n_min with z = 1, n = n_min = 5; the modulus is the one the round would choose.
  const P = 50;
  const n = 5;
  const S = 1;
  const d = paddedDim(P);
  const scale = (4 * Math.sqrt(d)) / S;
  const sigma = (1 * S * scale) / Math.sqrt(n);
  const bits = 20;
  checkFit({ clients: n, dim: d, clip: S, scale, localStddev: sigma }, bits);
  const range: DdgRangeParams = { contributors: n, dim: d, clip: S, scale, beta: Math.exp(-0.5), localStddev: sigma };

  /** One round: each client's update (its own clip norm: S for honest clients) through the chain, summed mod 2^bits, centred. */
  function round(trial: number, updates: Float64Array[], clips: number[]): Float64Array {
    const seed = new Uint8Array(32);
    new DataView(seed.buffer).setUint32(0, trial);
    const acc = new Uint32Array(d);
    updates.forEach((u, k) => {
      const enc: DdgEncoding = { clip: clips[k], scale, beta: range.beta, bits, seed, localVariance: sigma * sigma };
      addModular(acc, encodeDdgUpdate(u, enc, seeded(trial, k)).values, bits);
    });
    return fromModular(acc, bits);
  }

  function gaussian(rng: RandomBits, norm: number): Float64Array {
    const x = new Float64Array(P);
    for (let i = 0; i < P; i++) x[i] = Math.sqrt(-2 * Math.log(1 - rng.unit())) * Math.cos(2 * Math.PI * rng.unit());
    const f = norm / Math.hypot(...x);
    return x.map((v) => v * f);
  }

  it('1,000 honest rounds never trip it (half of them with the largest honest signal: every update of norm ≥ S, all aligned), and the statistic is not far below the bound', () => {
    let worstL2 = 0;
    let worstCoord = 0;
    for (let trial = 0; trial < 1000; trial++) {
      const rng = seeded(trial, 200);
      const aligned = trial % 2 === 0;
      const common = gaussian(rng, 3 * S);
      const updates = Array.from({ length: n }, () => (aligned ? common : gaussian(rng, 4 * S * rng.unit())));
      const z = round(trial, updates, updates.map(() => S));
      const v = checkDdgSumRange(z, range);
      if (!v.ok) throw new Error(`trial ${trial}: an honest sum failed: ${v.reason}`);
      worstL2 = Math.max(worstL2, v.norm / v.bounds.l2);
      worstCoord = Math.max(worstCoord, v.maxAbs / v.bounds.coordinate);
    }
    // Not vacuous: honest sums come within a factor 2 of each bound (‖z‖ ≈ √((n·c)² + nσ²d) for aligned updates).
    expect(worstL2).toBeGreaterThan(0.5);
    expect(worstL2).toBeLessThan(1);
    expect(worstCoord).toBeGreaterThan(0.4);
    expect(worstCoord).toBeLessThan(1);
  });

  it('one client that skips clipping and sends a 100× update (norm 100·S, its rounding bound to match) trips the L2 test in every round', () => {
    for (let trial = 0; trial < 200; trial++) {
      const rng = seeded(trial, 201);
      const updates = Array.from({ length: n }, () => gaussian(rng, 2 * S));
      const clips = updates.map(() => S);
      updates[0] = gaussian(rng, 100 * S);
      clips[0] = 100 * S; // clipping skipped: the chain runs with the update's own norm as its bound
      const v = checkDdgSumRange(round(trial, updates, clips), range);
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.reason).toMatch(/L2 norm .* above the .* that 5 clipped client\(s\) and their noise reach/);
    }
  });

  it('a sum within the L2 bound but concentrated on one rotated coordinate trips the coordinate test', () => {
    for (let trial = 0; trial < 20; trial++) {
      const z = round(trial, Array.from({ length: n }, () => new Float64Array(P)), Array(n).fill(S));
      z[7] = 1.05 * ddgRangeBounds(range).coordinate; // one rotated coordinate 5 % beyond the honest range, the L2 norm well inside
      const v = checkDdgSumRange(z, range);
      expect(v.norm).toBeLessThan(v.bounds.l2);
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.reason).toMatch(/^coordinate 7 of the decoded \(rotated\) sum is/);
    }
  });

  it('decoding is unchanged: the check reads the centred sum the decoder unscales and unrotates', () => {
    const rng = seeded(0, 203);
    const u = gaussian(rng, 0.5);
    const seed = new Uint8Array(32);
    const enc: DdgEncoding = { clip: S, scale, beta: range.beta, bits, seed, localVariance: 0 };
    const words = encodeDdgUpdate(u, enc, seeded(0, 0)).values;
    const z = fromModular(words, bits);
    expect(checkDdgSumRange(z, { ...range, contributors: 1, localStddev: 0 }).ok).toBe(true);
    const decoded = decodeDdgSum(words, { scale, bits, seed }, P);
    const rotated = rotate(u, seed).map((v) => v * scale);
    for (let i = 0; i < d; i++) expect(Math.abs(z[i] - rotated[i])).toBeLessThan(1);
    for (let i = 0; i < P; i++) expect(decoded[i]).toBeCloseTo(u[i], 1);
  });
});

describe('the adaptive-clipping count word', () => {
  it('known answer: n·a + σ√(2n·ln(2/p))', () => {
    expect(ddgCountBound({ contributors: 4, countAmplitude: 3, localStddev: 0 })).toBe(12);
    expect(ddgCountBound({ contributors: 9, countAmplitude: 2, localStddev: 5, falseAlarm: 1e-6 })).toBeCloseTo(18 + 5 * Math.sqrt(18 * Math.log(2e6)), 9);
  });

  it('honest counts through the real client chain stay inside in 300 seeded rounds, all clipped or none; a member sending 60·a does not', () => {
    const n = 8;
    const enc = (unclipped: boolean, trial: number, k: number) =>
      encodeDdgUpdate(new Float64Array(16).fill(unclipped ? 0.01 : 10), { clip: 1, scale: 32, beta: 0, bits: 24, seed: new Uint8Array(32), localVariance: 25, countAmplitude: 3 }, seeded(trial, k)).values;
    const params = { contributors: n, countAmplitude: 3, localStddev: 5 };
    for (let trial = 0; trial < 300; trial++) {
      const sum = new Uint32Array(17);
      for (let k = 0; k < n; k++) addModular(sum, enc(trial % 2 === 0, trial, k), 24);
      expect(checkDdgCountRange(fromModular(sum.subarray(16), 24)[0], params)).toEqual({ ok: true });
    }
    const sum = new Uint32Array(17);
    for (let k = 0; k < n - 1; k++) addModular(sum, enc(true, 1, k), 24);
    const forged = enc(true, 1, 99);
    forged[16] = 60 * 3; // the count word alone, chosen
    addModular(sum, forged, 24);
    const v = checkDdgCountRange(fromModular(sum.subarray(16), 24)[0], params);
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/^the adaptive-clipping count word is .*, beyond the ±.* that 8 client\(s\) counting ±3 and their noise reach$/) });
  });
});
