import { clipL2, l2Norm } from './clip';
import { PrivacyErrorCode } from './errors';
import { RandomBits, seededRandom } from './random-bits';
import { roundedL2Bound } from './rdp-ddgauss';
import { conditionalRound, randomizedRound } from './rounding';

const seeded = (b: number) => new RandomBits(seededRandom(new Uint8Array(32).fill(b)));

describe('clipping', () => {
  it('scales an update down to the clip norm and reports the indicator', () => {
    const c = clipL2([3, 4], 1);
    expect(c.norm).toBe(5);
    expect(c.unclipped).toBe(false);
    expect(l2Norm(c.values)).toBeLessThanOrEqual(1 * (1 + 1e-12));
    const u = clipL2([0.3, 0.4], 1);
    expect(u.unclipped).toBe(true);
    expect(Array.from(u.values)).toEqual([0.3, 0.4]);
    expect(l2Norm([1e200, 1e200])).toBeCloseTo(Math.SQRT2 * 1e200, -188);
    expect(() => clipL2([Number.NaN], 1)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });
});

describe('randomised rounding', () => {
  it('lands on a neighbouring integer and is unbiased', () => {
    const rng = seeded(1);
    const x = [2.25, -1.5, 0.1, 7];
    const sums = [0, 0, 0, 0];
    const n = 20000;
    for (let t = 0; t < n; t++) {
      const r = randomizedRound(x, rng);
      r.forEach((v, i) => {
        sums[i] += v;
      });
      if (t < 100) r.forEach((v, i) => expect(v === Math.floor(x[i]) || v === Math.ceil(x[i])).toBe(true));
    }
    // Each coordinate's error is in [−1, 1] with variance ≤ 1/4: 5 standard errors.
    x.forEach((v, i) => expect(Math.abs(sums[i] / n - v)).toBeLessThan(5 * 0.5 / Math.sqrt(n)));
  });

  it('conditional rounding always respects the bound, redrawing when needed', () => {
    const rng = seeded(2);
    const d = 1024;
    const c = 50;
    const beta = Math.exp(-0.5);
    const bound = roundedL2Bound(c, beta, d);
    let retried = 0;
    for (let t = 0; t < 50; t++) {
      // A vector of norm exactly c, all fractional parts near ½ (the worst case for rounding noise).
      const x = Float64Array.from({ length: d }, (_, i) => (i % 2 ? 1 : -1) * (c / Math.sqrt(d)));
      const r = conditionalRound(x, bound, rng);
      expect(l2Norm(r.values)).toBeLessThanOrEqual(bound);
      if (r.tries > 1) retried++;
    }
    expect(retried).toBeLessThan(50);
  });

  it('gives up with ROUNDING_FAILED when the bound cannot be met', () => {
    expect(() => conditionalRound([1.5, 1.5, 1.5, 1.5], 1.9, seeded(3), 20)).toThrow(expect.objectContaining({ code: PrivacyErrorCode.RoundingFailed }));
  });
});
