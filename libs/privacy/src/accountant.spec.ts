import { RdpAccountant, gaussianEpsilon } from './accountant';
import { PrivacyErrorCode } from './errors';
import { orderGrid } from './orders';

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
const tenths = range(1, 100).map((x) => 1 + x / 10);
/** Orders 1.1 … 10.9 (step 0.1), 2 … 64, 128, 256. */
const FINE = [...tenths, ...range(2, 65), 128, 256];
const INTEGER = [...range(2, 65), 128, 256];

describe('RdpAccountant: known answers', () => {
  it('tensorflow_privacy compute_dp_sgd_privacy: N = 60000, batch 150, z = 1.3, 15 epochs, δ = 1e-5 → ε = 0.7242234026109595 at order 19', () => {
    const r = gaussianEpsilon({ q: 150 / 60000, noiseMultiplier: 1.3, steps: 6000, delta: 1e-5, orders: 'tf-privacy' });
    expect(r.epsilon).toBeCloseTo(0.7242234026109595, 9);
    expect(r.order).toBe(19);
  });

  it('Abadi et al. (CCS 2016) setting q = 0.01, z = 4, T = 10,000, δ = 1e-5, orders 2…32: ε = 1.0355 at α = 17', () => {
    const r = gaussianEpsilon({ q: 0.01, noiseMultiplier: 4, steps: 10000, delta: 1e-5, orders: range(2, 33) });
    expect(r.epsilon).toBeCloseTo(1.0355, 4);
    expect(r.order).toBe(17);
  });

  it('heterogeneous composition: (q = 1e-4, z = 0.4) × 40,000 then (q = 0.1, z = 2) × 100 → ε = 7.3880', () => {
    const orders = [1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 64, 256];
    const acc = new RdpAccountant(orders)
      .compose({ mechanism: 'gaussian', sampling: 'poisson', q: 1e-4, noiseMultiplier: 0.4 }, 40000)
      .compose({ mechanism: 'gaussian', sampling: 'poisson', q: 0.1, noiseMultiplier: 2 }, 100);
    expect(acc.epsilon(1e-5).epsilon).toBeCloseTo(7.388, 3);
  });

  it.each([
    [256 / 60000, 1.1, 14062, 1e-5, 2.597, 2.597],
    [0.01, 1, 1000, 1e-5, 2.101, 2.108],
    [0.01, 1, 100, 1e-5, 1.214, 1.225],
    [0.001, 1, 1000, 1e-6, 0.87, 0.87],
    [0.1, 1.5, 200, 1e-5, 5.549, 5.612],
  ])('q = %p, z = %p, T = %p, δ = %p → ε ≈ %p (fine orders), %p (integer orders)', (q, z, steps, delta, fine, integer) => {
    expect(gaussianEpsilon({ q, noiseMultiplier: z, steps, delta, orders: FINE }).epsilon).toBeCloseTo(fine, 3);
    expect(gaussianEpsilon({ q, noiseMultiplier: z, steps, delta, orders: INTEGER }).epsilon).toBeCloseTo(integer, 3);
  });

  it('TFF DP tutorial calibration: 3383 clients, z = 0.01·m, 100 rounds, δ = 1e-5: m = 120 stays within ε = 2, m = 119 does not', () => {
    const eps = (m: number) => gaussianEpsilon({ q: m / 3383, noiseMultiplier: 0.01 * m, steps: 100, delta: 1e-5 }).epsilon;
    expect(eps(120)).toBeLessThanOrEqual(2);
    expect(eps(119)).toBeGreaterThan(2);
  });

  it('composition adds curves: one Gaussian (q = 1) event ×6 is 6× the one, two different events sum', () => {
    const g = (z: number) => ({ mechanism: 'gaussian' as const, sampling: 'poisson' as const, q: 1, noiseMultiplier: z });
    const a = 3.14159;
    const one = new RdpAccountant([a]).compose(g(2.71828)).rdp()[0];
    expect(one).toBeCloseTo(a / (2 * 2.71828 ** 2), 14);
    expect(new RdpAccountant([a]).compose(g(2.71828), 6).rdp()[0]).toBeCloseTo(6 * one, 12);
    const two = new RdpAccountant([a]).compose(g(2.71828)).compose(g(6.28319)).rdp()[0];
    expect(two).toBeCloseTo(a / (2 * 2.71828 ** 2) + a / (2 * 6.28319 ** 2), 14);
  });
});

describe('RdpAccountant: invariants', () => {
  const eps = (q: number, z: number, steps: number) => gaussianEpsilon({ q, noiseMultiplier: z, steps, delta: 1e-5 }).epsilon;

  it('ε grows with q and steps and shrinks with σ', () => {
    let prev = 0;
    for (const q of [0.001, 0.005, 0.02, 0.1, 0.5]) {
      const e = eps(q, 1.1, 100);
      expect(e).toBeGreaterThan(prev);
      prev = e;
    }
    prev = 0;
    for (const steps of [1, 10, 100, 1000, 10000]) {
      const e = eps(0.01, 1.1, steps);
      expect(e).toBeGreaterThan(prev);
      prev = e;
    }
    prev = Infinity;
    for (const z of [0.6, 0.8, 1, 1.5, 3, 10]) {
      const e = eps(0.01, z, 1000);
      expect(e).toBeLessThan(prev);
      prev = e;
    }
  });

  it('defaults to the dp_accounting grid', () => {
    expect(new RdpAccountant().orders).toBe(orderGrid('dp-accounting'));
  });

  it('refuses a fixed-size cohort charged with the Poisson bound', () => {
    const acc = new RdpAccountant();
    expect(() => acc.compose({ mechanism: 'gaussian', sampling: 'fixed-size', q: 0.1, noiseMultiplier: 1 })).toThrow(
      expect.objectContaining({ code: PrivacyErrorCode.SamplingMismatch }),
    );
    // With every client taking part (q = 1) there is no sampling to mismatch.
    expect(() => acc.compose({ mechanism: 'gaussian', sampling: 'fixed-size', q: 1, noiseMultiplier: 1 })).not.toThrow();
  });

  it('refuses bad counts and orders', () => {
    expect(() => new RdpAccountant().compose({ mechanism: 'gaussian', sampling: 'poisson', q: 0.1, noiseMultiplier: 1 }, 1.5)).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMS' }),
    );
    expect(() => new RdpAccountant([1, 2])).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => new RdpAccountant('nope' as never)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });
});
