import { DiscreteGaussian, discreteGaussianVector } from './discrete-gaussian';
import { RandomBits, seededRandom } from './random-bits';
import { ratio } from './rational';

const seeded = (b: number) => new RandomBits(seededRandom(new Uint8Array(32).fill(b)));

/** Exact N_Z(0, σ²) probabilities by normalising over |x| ≤ 60σ. */
function pmf(sigma2: number): (x: number) => number {
  const lim = Math.ceil(60 * Math.sqrt(sigma2)) + 10;
  let z = 0;
  for (let x = -lim; x <= lim; x++) z += Math.exp(-(x * x) / (2 * sigma2));
  return (x) => Math.exp(-(x * x) / (2 * sigma2)) / z;
}

describe('discrete Gaussian sampler (Canonne, Kamath, Steinke 2020, Algorithm 3)', () => {
  it.each([
    [1, 40000],
    [1.69, 40000],
    [12.25, 40000],
    [400, 40000],
  ])('σ² = %p: mean ≈ 0 and variance ≈ σ² over %p seeded samples', (sigma2, n) => {
    const x = discreteGaussianVector(sigma2, n, seeded(11));
    expect(x.every((v) => Number.isInteger(v))).toBe(true);
    let mean = 0;
    for (const v of x) mean += v;
    mean /= n;
    let variance = 0;
    for (const v of x) variance += (v - mean) ** 2;
    variance /= n - 1;
    // For σ² ≥ 1 the discrete Gaussian's variance is σ² to far better than the test's resolution.
    // Standard errors: σ/√n for the mean, σ²·√(2/n) for the variance; 5 of each.
    expect(Math.abs(mean)).toBeLessThan((5 * Math.sqrt(sigma2)) / Math.sqrt(n));
    expect(Math.abs(variance / sigma2 - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  });

  it('σ² = 1: each frequency of −3 … 3 matches the exact pmf within 5 standard errors', () => {
    const n = 60000;
    const p = pmf(1);
    const x = discreteGaussianVector(1, n, seeded(12));
    const counts = new Map<number, number>();
    for (const v of x) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (let v = -3; v <= 3; v++) {
      const sd = Math.sqrt((p(v) * (1 - p(v))) / n);
      expect(Math.abs((counts.get(v) ?? 0) / n - p(v))).toBeLessThan(5 * sd);
    }
  });

  it('takes σ² exactly as a rational, and as the exact value of a number', () => {
    const g = new DiscreteGaussian(ratio(9n, 4n), seeded(1));
    expect(g.variance).toEqual({ num: 9n, den: 4n });
    expect(g.laplaceScale).toBe(2); // ⌊1.5⌋ + 1
    expect(new DiscreteGaussian(2.25).variance).toEqual({ num: 9n, den: 4n });
    expect(new DiscreteGaussian(1.3 * 1.3).variance.den).toBe(2n ** 52n); // 1.6900000000000002 exactly
  });

  it('is deterministic for a seeded source and draws from the CSPRNG by default', () => {
    expect(discreteGaussianVector(5, 100, seeded(4))).toEqual(discreteGaussianVector(5, 100, seeded(4)));
    expect(discreteGaussianVector(5, 100, seeded(4))).not.toEqual(discreteGaussianVector(5, 100, seeded(5)));
    const fresh = discreteGaussianVector(5, 1000);
    expect(fresh.every((v) => Number.isInteger(v))).toBe(true);
    expect(fresh).not.toEqual(discreteGaussianVector(5, 1000));
  });

  it('refuses a zero variance and a bad count', () => {
    expect(() => new DiscreteGaussian(0)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => new DiscreteGaussian(-1)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => discreteGaussianVector(1, -1)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });
});
