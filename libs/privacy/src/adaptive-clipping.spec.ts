import { nextClipNorm, noisyUnclippedFraction, updateNoiseMultiplier } from './adaptive-clipping';
import { clipL2 } from './clip';

describe('adaptive clipping (Andrew et al. 2021)', () => {
  /** One round: m clients with the given norms, count noise 0 (the direction does not depend on it). */
  const round = (clip: number, norms: number[]) => {
    const unclipped = norms.filter((n) => clipL2([n], clip).unclipped).length;
    return nextClipNorm(clip, noisyUnclippedFraction(unclipped, norms.length));
  };

  it('C grows when most updates are clipped: by e^{ηγ} ≈ 1.105 per round when all are', () => {
    const norms = Array.from({ length: 50 }, () => 4700);
    let c = 0.1;
    c = round(c, norms);
    expect(c / 0.1).toBeCloseTo(Math.exp(0.2 * 0.5), 12);
    for (let r = 0; r < 100; r++) c = round(c, norms);
    expect(c).toBeGreaterThan(0.1 * 1.1 ** 100);
  });

  it('C shrinks when few are clipped: by e^{−η(1−γ)} when none are', () => {
    const norms = Array.from({ length: 50 }, () => 0.001);
    const c = round(1, norms);
    expect(c).toBeCloseTo(Math.exp(-0.2 * 0.5), 12);
  });

  it('settles near the target quantile of the norms', () => {
    const norms = Array.from({ length: 101 }, (_, i) => 1 + i / 100); // median 1.5
    let c = 0.1;
    for (let r = 0; r < 400; r++) c = round(c, norms);
    expect(c).toBeGreaterThan(1.4);
    expect(c).toBeLessThan(1.6);
  });

  it('clamps the noisy fraction to [0, 1] and splits the noise multiplier (z = 1, σ_b = 5 → z_Δ ≈ 1.00504)', () => {
    expect(noisyUnclippedFraction(-3, 10)).toBe(0);
    expect(noisyUnclippedFraction(13, 10)).toBe(1);
    expect(updateNoiseMultiplier(1, 5)).toBeCloseTo(1.00504, 5);
    expect(() => updateNoiseMultiplier(1, 0.5)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => nextClipNorm(0, 0.5)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });
});
