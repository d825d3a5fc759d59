import type { PrivacyConfig } from '@fl/protocol';
import { epsilonFromRdp, eventRdp, orderGrid } from '@fl/privacy';
import { ddgEvent, ddgTaskFor, DDG_SCALE_UNITS, resolveDdg } from './ddg-params';

const base: PrivacyConfig = { mode: 'distributed-ddg', epsilon: 3, delta: 1e-5, noiseMultiplier: 0, clip: 0.5, samplingRate: 0.1, calibrated: true, orders: 'dp-accounting' };
const job = { rounds: 20, minClients: 5, clientsPerRound: 20 };

describe('distributed discrete Gaussian parameters', () => {
  it('calibrates σ so the planned rounds at the fewest contributors fit the budget, and reports the effective z', () => {
    const { privacy, problems } = resolveDdg(base, job, 1000);
    expect(problems).toEqual([]);
    const g = privacy!.ddg!;
    expect(g).toMatchObject({ dim: 1024, minContributors: 5 });
    expect(g.scale * base.clip).toBeCloseTo(DDG_SCALE_UNITS * 32, 10);
    const orders = orderGrid('dp-accounting');
    const one = eventRdp(ddgEvent(privacy!, 5), orders);
    expect(epsilonFromRdp(orders, one.map((r) => 20 * r), 1e-5).epsilon).toBeLessThanOrEqual(3);
    expect(epsilonFromRdp(orders, one.map((r) => 21 * r), 1e-5).epsilon).toBeGreaterThan(2.9);
    expect(privacy!.noiseMultiplier).toBeCloseTo((Math.sqrt(5) * g.localStddev) / (g.scale * base.clip), 10);
  });

  it('derives σ = z·S·s/√n_min from a given z', () => {
    const { privacy } = resolveDdg({ ...base, calibrated: false, noiseMultiplier: 1.5 }, job, 1000);
    const g = privacy!.ddg!;
    expect(g.localStddev).toBeCloseTo((1.5 * g.scale * base.clip) / Math.sqrt(5), 10);
    expect(privacy!.noiseMultiplier).toBeCloseTo(1.5, 10);
  });

  it('refuses noise that does not fit 32 bits (MODULUS_TOO_SMALL), and picks more bits for larger cohorts', () => {
    expect(resolveDdg({ ...base, calibrated: false, noiseMultiplier: 1e7 }, job, 1000).problems.join()).toMatch(/MODULUS_TOO_SMALL/);
    const g = resolveDdg(base, job, 1000).privacy!.ddg!;
    const small = ddgTaskFor(g, base.clip, 5);
    const large = ddgTaskFor(g, base.clip, 500);
    expect(large.bits).toBeGreaterThan(small.bits);
    expect(small.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(ddgTaskFor(g, base.clip, 5).seed).not.toBe(small.seed); // a fresh rotation seed per round
  });
});
