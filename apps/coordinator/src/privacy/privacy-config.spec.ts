import { calibrateNoise, gaussianEpsilon } from '@fl/privacy';
import { SECURE_AGGREGATION_DEFAULTS } from '../jobs/job-defaults';
import { privacyPopulation, resolvePrivacy } from './privacy-config';

const plain = { rounds: 10, clientsPerRound: 10, secureAggregation: { ...SECURE_AGGREGATION_DEFAULTS, enabled: false }, strategy: { name: 'fedavg' as const } };
const ctx = { enrolled: 0, needsIndividualUpdates: false, updateBoundGiven: false };
const req = { epsilon: 2, delta: 1e-5, clip: 1, samplingRate: 0.01 };

describe('resolvePrivacy', () => {
  it('calibrates z for the planned rounds when none is given: all of them fit the budget', () => {
    const { privacy, problems } = resolvePrivacy(req, plain, ctx);
    expect(problems).toEqual([]);
    expect(privacy).toMatchObject({ mode: 'trusted-server', calibrated: true, epsilon: 2, delta: 1e-5, clip: 1, samplingRate: 0.01 });
    expect(privacy!.noiseMultiplier).toBe(calibrateNoise({ epsilon: 2, delta: 1e-5, q: 0.01, steps: 10 }).noise);
    expect(gaussianEpsilon({ q: 0.01, noiseMultiplier: privacy!.noiseMultiplier, steps: 10, delta: 1e-5 }).epsilon).toBeLessThanOrEqual(2);
  });

  it('keeps a given z', () => {
    expect(resolvePrivacy({ ...req, noiseMultiplier: 1.3 }, plain, ctx).privacy).toMatchObject({ noiseMultiplier: 1.3, calibrated: false });
  });

  it('refuses δ above 1/(10·N), N = max(enrolled, ⌈clientsPerRound/q⌉)', () => {
    expect(privacyPopulation(10, 0.01, 0)).toBe(1000);
    expect(privacyPopulation(10, 0.01, 5000)).toBe(5000);
    expect(resolvePrivacy({ ...req, delta: 2e-4 }, plain, ctx).problems.join()).toMatch(/privacy.delta 0.0002 is too large for a population of 1000 clients: it must be at most 1\/\(10·N\) = 0.000100/);
    expect(resolvePrivacy({ ...req, delta: 1e-5 }, plain, { ...ctx, enrolled: 20_000 }).problems.join()).toMatch(/population of 20000/);
  });

  it('picks distributed-ddg with secure aggregation (σ resolved later, ddg-params); refuses bad values, per-update strategies, an explicit updateBound, and a z that cannot pay one round', () => {
    const bad = resolvePrivacy({ epsilon: 0, delta: 1, clip: -1, samplingRate: 2, noiseMultiplier: 0 }, plain, ctx).problems;
    expect(bad).toEqual(expect.arrayContaining([expect.stringMatching(/epsilon/), expect.stringMatching(/delta/), expect.stringMatching(/clip/), expect.stringMatching(/samplingRate/), expect.stringMatching(/noiseMultiplier/)]));
    expect(resolvePrivacy(req, { ...plain, secureAggregation: SECURE_AGGREGATION_DEFAULTS }, ctx)).toEqual({ problems: [], privacy: expect.objectContaining({ mode: 'distributed-ddg', calibrated: true }) });
    expect(resolvePrivacy(req, { ...plain, strategy: { name: 'krum' } }, { ...ctx, needsIndividualUpdates: true }).problems.join()).toMatch(/needs individual updates/);
    expect(resolvePrivacy(req, plain, { ...ctx, updateBoundGiven: true }).problems.join()).toMatch(/updateBound does not apply/);
    expect(resolvePrivacy({ ...req, samplingRate: 1, delta: 1e-3, noiseMultiplier: 0.05 }, { ...plain, clientsPerRound: 2 }, ctx).problems.join()).toMatch(/single round/);
  });

  it("adaptive clipping: off by default; `{}` takes TFF's defaults (γ = 0.5, η = 0.2, σ_b = 0.05·clientsPerRound) and splits z for the update", () => {
    expect(resolvePrivacy(req, plain, ctx).privacy!.adaptiveClipping).toBeNull();
    const big = { ...plain, clientsPerRound: 120 };
    const { privacy, problems } = resolvePrivacy({ ...req, samplingRate: 120 / 3383, delta: 1e-5, clip: 0.1, noiseMultiplier: 1.2, adaptiveClipping: {} }, big, ctx);
    expect(problems).toEqual([]);
    expect(privacy!.noiseMultiplier).toBe(1.2); // the total z the accountant charges
    expect(privacy!.adaptiveClipping).toMatchObject({ targetUnclipped: 0.5, learningRate: 0.2, countStddev: 6 });
    expect(privacy!.adaptiveClipping!.updateNoiseMultiplier).toBeCloseTo(1.2060453783110543, 12); // (1.2⁻² − 12⁻²)^(−1/2)
  });

  it('adaptive clipping: refuses 2σ_b ≤ z (as TFF), and γ, η, σ_b out of range', () => {
    expect(resolvePrivacy({ ...req, noiseMultiplier: 1.2, adaptiveClipping: { countStddev: 0.6 } }, plain, ctx).problems.join()).toMatch(/countStddev σ_b = 0.6 is too small for the noise multiplier z = 1.2: 2σ_b must exceed z/);
    const bad = resolvePrivacy({ ...req, adaptiveClipping: { targetUnclipped: 1, learningRate: 0, countStddev: -1 } }, plain, ctx).problems.join('\n');
    expect(bad).toMatch(/targetUnclipped \(γ\) must be in \(0, 1\)/);
    expect(bad).toMatch(/learningRate \(η\) must be in \(0, 10\]/);
    expect(bad).toMatch(/countStddev \(σ_b\) must be > 0/);
    expect(resolvePrivacy({ ...req, clip: 2e6 }, plain, ctx).problems.join()).toMatch(/privacy.clip .* must be in \(0, 1000000\]/);
  });
});
