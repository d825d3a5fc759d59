import { logAFrac, logAInt, poissonGaussianRdp, poissonGaussianRdpAt } from './rdp-gaussian';
import { logAdd } from './special';

/**
 * log A_α by direct quadrature, independent of the series: A_α = ∫ μ₀(z)·((1 − q) + q·e^{(2z − 1)/(2σ²)})^α dz
 * with μ₀ = N(0, σ²). Trapezoid rule in log space over a range wide enough for both bumps; the
 * integrand is smooth and decays like a Gaussian, so the rule converges geometrically.
 */
function logAQuadrature(q: number, sigma: number, alpha: number): number {
  const lo = -40 * sigma - 2;
  const hi = alpha + 40 * sigma + 2;
  const n = Math.ceil((hi - lo) / (sigma / 15));
  const h = (hi - lo) / n;
  const logMu0 = (z: number) => -(z * z) / (2 * sigma * sigma) - Math.log(sigma * Math.sqrt(2 * Math.PI));
  const logRatio = (z: number) => logAdd(Math.log1p(-q), Math.log(q) + (2 * z - 1) / (2 * sigma * sigma));
  const f = (z: number) => logMu0(z) + alpha * logRatio(z);
  let max = -Infinity;
  for (let i = 0; i <= n; i++) max = Math.max(max, f(lo + i * h));
  let s = 0;
  for (let i = 0; i <= n; i++) s += (i === 0 || i === n ? 0.5 : 1) * Math.exp(f(lo + i * h) - max);
  return max + Math.log(s * h);
}

describe('Poisson-subsampled Gaussian RDP (Mironov, Talwar, Zhang 2019)', () => {
  it('reproduces dp_accounting test_compute_rdp_poisson_sampled_gaussian (q = 0.01, z = 2.5, 50 steps, rtol 1e-4)', () => {
    const orders = [1.5, 2.5, 5, 50, 100, Infinity];
    const rdp = poissonGaussianRdp({ q: 0.01, noiseMultiplier: 2.5 }, orders).map((r) => 50 * r);
    const expected = [6.5007e-4, 1.0854e-3, 2.1808e-3, 2.3846e-2, 1.6742e2];
    expected.forEach((e, i) => expect(Math.abs(rdp[i] - e) / e).toBeLessThan(1e-4));
    expect(rdp[5]).toBe(Infinity);
  });

  it('matches tensorflow_privacy regression values to their printed digits', () => {
    // compute_rdp(q = 0.01, z = 2.5, steps = 50, orders = [1.5, 2.5, 5, 50, 100]) and q = 0.1, z = 2, 10 steps, α = 5.
    const rdp = poissonGaussianRdp({ q: 0.01, noiseMultiplier: 2.5 }, [1.5, 2.5, 5, 50, 100]).map((r) => 50 * r);
    [0.00065, 0.001085, 0.00218075, 0.023846, 167.416307].forEach((e, i) => expect(rdp[i]).toBeCloseTo(e, e < 1 ? 6 : 5));
    expect(10 * poissonGaussianRdpAt(0.1, 2, 5)).toBeCloseTo(0.07737, 5);
  });

  it('q = 1 is the Gaussian closed form α/(2σ²) at integer, fractional and huge orders', () => {
    for (const [alpha, sigma] of [
      [3.14159, 2.71828],
      [2, 1],
      [1.1, 0.5],
      [1024, 7],
    ]) {
      expect(poissonGaussianRdpAt(1, sigma, alpha)).toBeCloseTo(alpha / (2 * sigma * sigma), 12);
    }
  });

  it('q = 0 releases nothing and z = 0 is unbounded', () => {
    expect(poissonGaussianRdpAt(0, 1, 5)).toBe(0);
    expect(poissonGaussianRdpAt(0.5, 0, 5)).toBe(Infinity);
  });

  it.each([
    [1e-7, 0.1, 1.01],
    [1e-6, 0.1, 256],
    [1e-5, 0.1, 256.1],
    [1e-6, 1, 27],
    [1e-4, 1, 1.5],
    [1e-3, 1, 2],
    [0.01, 10, 20],
    [0.1, 100, 20.5],
    [0.99, 0.1, 256],
    [0.999, 100, 256.1],
  ])('log A_α(q = %p, σ = %p, α = %p) equals direct quadrature (rtol 1e-4)', (q, sigma, alpha) => {
    const series = Number.isInteger(alpha) ? logAInt(q, sigma, alpha) : logAFrac(q, sigma, alpha);
    const quad = logAQuadrature(q, sigma, alpha);
    expect(Math.abs(series - quad)).toBeLessThanOrEqual(1e-8 + 1e-4 * Math.abs(quad));
  });

  it('integer and fractional series agree where they meet (α → 3 from both sides)', () => {
    const atInt = logAInt(0.05, 1.3, 3);
    expect(logAFrac(0.05, 1.3, 3 - 1e-9)).toBeCloseTo(atInt, 6);
    expect(logAFrac(0.05, 1.3, 3 + 1e-9)).toBeCloseTo(atInt, 6);
  });

  it('is monotone: up in q and α, down in σ', () => {
    const orders = [1.5, 2, 4.5, 10, 32];
    for (const a of orders) {
      let prev = -1;
      for (const q of [0.001, 0.01, 0.1, 0.5, 1]) {
        const r = poissonGaussianRdpAt(q, 1.1, a);
        expect(r).toBeGreaterThan(prev);
        prev = r;
      }
      prev = Infinity;
      for (const z of [0.5, 0.8, 1, 2, 5]) {
        const r = poissonGaussianRdpAt(0.02, z, a);
        expect(r).toBeLessThan(prev);
        prev = r;
      }
    }
    const curve = poissonGaussianRdp({ q: 0.02, noiseMultiplier: 0.9 }, [1.1, 1.5, 2, 2.5, 3, 7.3, 20, 64]);
    for (let i = 1; i < curve.length; i++) expect(curve[i]).toBeGreaterThanOrEqual(curve[i - 1]);
  });

  it('refuses q outside [0, 1] and negative noise', () => {
    expect(() => poissonGaussianRdp({ q: 1.5, noiseMultiplier: 1 }, [2])).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => poissonGaussianRdp({ q: 0.1, noiseMultiplier: -1 }, [2])).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => poissonGaussianRdp({ q: Number.NaN, noiseMultiplier: 1 }, [2])).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });
});
