import { RdpAccountant } from './accountant';
import { deltaFromRdp, epsilonFromRdp } from './rdp-conversion';

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

describe('RDP → (ε, δ) conversion (Canonne–Kamath–Steinke 2020 / Balle et al. 2020)', () => {
  it('pure-DP curve: RDP = 1.1 at orders 2…32, δ = 1e-5 gives ε = 1.32783806176 at order 32, and back (dp_accounting)', () => {
    const orders = range(2, 33);
    const rdp = orders.map(() => 1.1);
    const e = epsilonFromRdp(orders, rdp, 1e-5);
    expect(e.epsilon).toBeCloseTo(1.32783806176, 10);
    expect(e.order).toBe(32);
    const d = deltaFromRdp(orders, rdp, 1.32783806176);
    expect(d.delta).toBeCloseTo(1e-5, 12);
    expect(d.order).toBe(32);
  });

  it('is the stated formula ε = RDP(α) + log1p(−1/α) − (log δ + log α)/(α − 1) at the single order given', () => {
    const a = 7.5;
    const r = 0.9;
    const delta = 1e-6;
    expect(epsilonFromRdp([a], [r], delta).epsilon).toBeCloseTo(r + Math.log1p(-1 / a) - (Math.log(delta) + Math.log(a)) / (a - 1), 14);
  });

  it('round trip δ(ε(δ)) = δ over sampling rates, noise levels and δ (dp_accounting consistency test)', () => {
    const orders = range(2, 50);
    for (const q of [0, 0.01, 0.1, 0.8, 1]) {
      for (const z of [0, 0.1, 1, 10, 100]) {
        const acc = new RdpAccountant(orders).compose({ mechanism: 'gaussian', sampling: 'poisson', q, noiseMultiplier: z });
        for (const delta of [0.99, 0.9, 0.1, 0.01, 1e-3, 1e-5, 1e-9, 1e-12]) {
          const { epsilon } = acc.epsilon(delta);
          const back = acc.delta(epsilon).delta;
          if (epsilon === Infinity) expect(back).toBe(1);
          else if (epsilon === 0) expect(back).toBeLessThanOrEqual(delta);
          else expect(Math.abs(back - delta)).toBeLessThanOrEqual(1e-7 * delta + 1e-15);
        }
      }
    }
  });

  it('ε = 0 when δ is already covered by the KL bound, ∞ for an infinite curve', () => {
    expect(epsilonFromRdp([2, 3], [1e-6, 2e-6], 0.5).epsilon).toBe(0);
    expect(epsilonFromRdp([2, 3], [Infinity, Infinity], 1e-5).epsilon).toBe(Infinity);
  });

  it('refuses δ outside (0, 1), negative RDP, orders below 1 and misaligned inputs', () => {
    for (const bad of [
      () => epsilonFromRdp([2], [1], 0),
      () => epsilonFromRdp([2], [1], 1),
      () => epsilonFromRdp([2], [-1], 1e-5),
      () => epsilonFromRdp([0.5], [1], 1e-5),
      () => epsilonFromRdp([2, 3], [1], 1e-5),
      () => deltaFromRdp([2], [1], -0.1),
    ]) {
      expect(bad).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    }
  });
});
