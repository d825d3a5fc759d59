import { gaussianEpsilon } from './accountant';
import { calibrateNoise, DEFAULT_CALIBRATION_TOLERANCE } from './calibrate';

describe('calibrateNoise', () => {
  it.each([
    [1, 1e-5, 0.01, 10000, 'dp-accounting'],
    [8, 1e-6, 0.1, 50, 'tf-privacy'],
    [0.5, 1e-5, 1, 1, 'dp-accounting'],
  ] as const)('ε = %p, δ = %p, q = %p, T = %p (%s orders): the smallest z within the budget, to the stated tolerance', (epsilon, delta, q, steps, orders) => {
    const c = calibrateNoise({ epsilon, delta, q, steps, orders });
    const at = (z: number) => gaussianEpsilon({ q, noiseMultiplier: z, steps, delta, orders }).epsilon;
    expect(c.epsilon).toBeLessThanOrEqual(epsilon);
    expect(at(c.noiseMultiplier)).toBe(c.epsilon);
    expect(at(c.noiseMultiplier * (1 - 2 * DEFAULT_CALIBRATION_TOLERANCE))).toBeGreaterThan(epsilon);
  });

  it('agrees with the TFF tutorial: 120 of 3383 clients, 100 rounds, ε = 2 needs z just under 1.2', () => {
    const z = calibrateNoise({ epsilon: 2, delta: 1e-5, q: 120 / 3383, steps: 100 }).noiseMultiplier;
    expect(z).toBeGreaterThan(1.19);
    expect(z).toBeLessThanOrEqual(1.2);
  });

  it('uses the requested order grid', () => {
    const a = calibrateNoise({ epsilon: 3, delta: 1e-5, q: 0.01, steps: 1000, orders: 'tf-privacy' });
    const b = calibrateNoise({ epsilon: 3, delta: 1e-5, q: 0.01, steps: 1000, orders: [2, 4, 8, 16, 32] });
    expect(a.noiseMultiplier).not.toBe(b.noiseMultiplier);
    // Fewer orders can only make the bound looser, so the coarse grid needs at least as much noise.
    expect(b.noiseMultiplier).toBeGreaterThanOrEqual(a.noiseMultiplier * (1 - 2 * DEFAULT_CALIBRATION_TOLERANCE));
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
});
