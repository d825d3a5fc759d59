import { countAmplitude, nextClipNorm, unclippedFractionFromCentered, updateNoiseMultiplier } from './adaptive-clipping';
import { calibrateDdgNoise } from './calibrate';
import { ddgRdp, ddgTerms } from './rdp-ddgauss';
import { clipL2 } from './clip';

describe('adaptive clipping (Andrew et al. 2021)', () => {
  /** One round: m clients with the given norms, count noise 0 (the direction does not depend on it). */
  const round = (clip: number, norms: number[]) => {
    const unclipped = norms.filter((n) => clipL2([n], clip).unclipped).length;
    return nextClipNorm(clip, unclippedFractionFromCentered(unclipped - norms.length / 2, norms.length));
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
    expect(unclippedFractionFromCentered(-8, 10)).toBe(0); // a count of −3 of 10
    expect(unclippedFractionFromCentered(8, 10)).toBe(1); // 13 of 10
    expect(updateNoiseMultiplier(1, 5)).toBeCloseTo(1.00504, 5);
    expect(() => updateNoiseMultiplier(1, 0.5)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    expect(() => nextClipNorm(0, 0.5)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });

  it("TFF's split for the DP tutorial: z = 1.2, 120 clients (σ_b = 0.05·120 = 6) → z_Δ = (1.2⁻² − 12⁻²)^(−1/2) = 1.2060453783", () => {
    expect(updateNoiseMultiplier(1.2, 0.05 * 120)).toBeCloseTo(1.2060453783110543, 12);
    // 1/z² = 1/z_Δ² + 1/(2σ_b)²: the two queries together are the Gaussian of multiplier z.
    const zd = updateNoiseMultiplier(1.2, 6);
    expect((zd ** -2 + 12 ** -2) ** -0.5).toBeCloseTo(1.2, 12);
    // TFF refuses z ≥ 2σ_b.
    expect(() => updateNoiseMultiplier(1.2, 0.6)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });

  it("the centred estimator b̃ = clamp(X̃/m + ½) (TFF's QuantileEstimatorQuery)", () => {
    expect(unclippedFractionFromCentered(0, 120)).toBe(0.5);
    expect(unclippedFractionFromCentered(60, 120)).toBe(1); // all 120 unclipped: Σ(1 − ½) = 60
    expect(unclippedFractionFromCentered(-60, 120)).toBe(0);
    expect(unclippedFractionFromCentered(-30, 120)).toBe(0.25);
    expect(unclippedFractionFromCentered(-1e9, 120)).toBe(0);
  });

  it('distributed mode: the count amplitude keeps the count noise √n·σ/(2a) ≥ σ_b', () => {
    expect(countAmplitude(43, 100, 6)).toBe(35); // ⌊10·43/12⌋
    expect(Math.sqrt(100) * 43 / (2 * countAmplitude(43, 100, 6))).toBeGreaterThanOrEqual(6);
    expect(countAmplitude(1, 4, 6)).toBe(0); // too little noise for a ≥ 1: the coordinator refuses it
  });

  it('the count coordinate in the DDG bound: Δ₂ → √(Δ₂² + a²), and with τ ≈ 0, q = 1 the RDP is α(Δ₂² + a²)/(2nσ²)', () => {
    const p = { q: 1, clients: 100, dim: 1024, clip: 1, scale: 128, localStddev: 50, beta: Math.exp(-0.5) };
    const plain = ddgTerms(p);
    const withCount = ddgTerms({ ...p, countAmplitude: 40 });
    expect(withCount.l2Sensitivity).toBeCloseTo(Math.hypot(plain.l2Sensitivity, 40), 12);
    expect(withCount.l1Sensitivity).toBeCloseTo(plain.l1Sensitivity + 40, 9);
    expect(withCount.tau).toBeLessThan(1e-100);
    const [r] = ddgRdp({ ...p, countAmplitude: 40 }, [8]);
    expect(r).toBeCloseTo((8 * (plain.l2Sensitivity ** 2 + 1600)) / (2 * 100 * 50 * 50), 10);
  });

  it('calibration with the count coordinate raises σ just enough: the joint release still meets ε', () => {
    const t = { epsilon: 2, delta: 1e-5, steps: 100, q: 120 / 3000, clients: 100, dim: 8192, clip: 1, scale: 4 * Math.sqrt(8192), beta: Math.exp(-0.5) };
    const plain = calibrateDdgNoise(t);
    const joint = calibrateDdgNoise({ ...t, countStddev: 6 });
    expect(joint.epsilon).toBeLessThanOrEqual(2);
    expect(joint.noise).toBeGreaterThan(plain.noise);
    // The update's share: about z_Δ/z = 1.00504 for z ≈ 1.2 and 2σ_b = 12 (the discrete bound is not exactly Gaussian).
    expect(joint.noise / plain.noise).toBeGreaterThan(1.001);
    expect(joint.noise / plain.noise).toBeLessThan(1.01);
  });
});
