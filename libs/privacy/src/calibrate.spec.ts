import { gaussianEpsilon } from './accountant';
import { RdpAccountant } from './accountant';
import { calibrateDdgNoise, calibrateNoise, DEFAULT_CALIBRATION_TOLERANCE } from './calibrate';

describe('calibrateNoise', () => {
  it.each([
    [1, 1e-5, 0.01, 10000, 'dp-accounting'],
    [8, 1e-6, 0.1, 50, 'tf-privacy'],
    [0.5, 1e-5, 1, 1, 'dp-accounting'],
  ] as const)('ε = %p, δ = %p, q = %p, T = %p (%s orders): the smallest z within the budget, to the stated tolerance', (epsilon, delta, q, steps, orders) => {
    const c = calibrateNoise({ epsilon, delta, q, steps, orders });
    const at = (z: number) => gaussianEpsilon({ q, noiseMultiplier: z, steps, delta, orders }).epsilon;
    expect(c.epsilon).toBeLessThanOrEqual(epsilon);
    expect(at(c.noise)).toBe(c.epsilon);
    expect(at(c.noise * (1 - 2 * DEFAULT_CALIBRATION_TOLERANCE))).toBeGreaterThan(epsilon);
  });

  it('agrees with the TFF tutorial: 120 of 3383 clients, 100 rounds, ε = 2 needs z just under 1.2', () => {
    const z = calibrateNoise({ epsilon: 2, delta: 1e-5, q: 120 / 3383, steps: 100 }).noise;
    expect(z).toBeGreaterThan(1.19);
    expect(z).toBeLessThanOrEqual(1.2);
  });

  it('uses the requested order grid', () => {
    const a = calibrateNoise({ epsilon: 3, delta: 1e-5, q: 0.01, steps: 1000, orders: 'tf-privacy' });
    const b = calibrateNoise({ epsilon: 3, delta: 1e-5, q: 0.01, steps: 1000, orders: [2, 4, 8, 16, 32] });
    expect(a.noise).not.toBe(b.noise);
    // Fewer orders can only make the bound looser, so the coarse grid needs at least as much noise.
    expect(b.noise).toBeGreaterThanOrEqual(a.noise * (1 - 2 * DEFAULT_CALIBRATION_TOLERANCE));
  });

  it('refuses bad targets and an unreachable budget', () => {
    for (const p of [
      { epsilon: 0, delta: 1e-5, q: 0.1, steps: 10 },
      { epsilon: 1, delta: 0, q: 0.1, steps: 10 },
      { epsilon: 1, delta: 1e-5, q: 0, steps: 10 },
      { epsilon: 1, delta: 1e-5, q: 0.1, steps: 0 },
      { epsilon: 1, delta: 1e-5, q: 0.1, steps: 2.5 },
    ]) {
      expect(() => calibrateNoise(p)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    }
    expect(() => calibrateNoise({ epsilon: 1e-9, delta: 1e-12, q: 1, steps: 1e6 })).toThrow(expect.objectContaining({ code: 'UNREACHABLE' }));
  });

  it('distributed discrete Gaussian: the smallest per-client σ within budget, more of it for a smaller cohort', () => {
    const mech = { q: 0.05, clients: 50, dim: 1024, clip: 1, scale: 50, beta: Math.exp(-0.5) };
    const c = calibrateDdgNoise({ epsilon: 3, delta: 1e-5, steps: 100, ...mech, orders: 'tf-privacy' });
    const eps = (sigma: number) =>
      new RdpAccountant('tf-privacy').compose({ mechanism: 'distributed-discrete-gaussian', sampling: 'poisson', ...mech, localStddev: sigma }, 100).epsilon(1e-5).epsilon;
    expect(eps(c.noise)).toBeLessThanOrEqual(3);
    expect(eps(c.noise * (1 - 2 * DEFAULT_CALIBRATION_TOLERANCE))).toBeGreaterThan(3);
    expect(calibrateDdgNoise({ epsilon: 3, delta: 1e-5, steps: 100, ...mech, clients: 25, orders: 'tf-privacy' }).noise).toBeGreaterThan(c.noise);
  });
});
