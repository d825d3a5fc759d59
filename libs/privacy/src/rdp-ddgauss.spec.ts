import { RdpAccountant } from './accountant';
import { ddgRdp, ddgTau, ddgTerms, roundedL1Bound, roundedL2Bound, type DistributedDiscreteGaussian } from './rdp-ddgauss';
import { poissonGaussianRdpAt } from './rdp-gaussian';

const base: DistributedDiscreteGaussian = { q: 1, clients: 100, dim: 1024, clip: 1, scale: 100, localStddev: 20, beta: Math.exp(-0.5) };

describe('distributed discrete Gaussian RDP (Kairouz, Liu, Steinke 2021)', () => {
  it('inflated sensitivity: c + √d without conditioning, the conditional bound when it is smaller', () => {
    expect(roundedL2Bound(100, 0, 1024)).toBe(100 + 32);
    const conditional = Math.sqrt(100 ** 2 + 1024 / 4 + Math.sqrt(2 * 0.5) * (100 + 32 / 2));
    expect(roundedL2Bound(100, Math.exp(-0.5), 1024)).toBeCloseTo(conditional, 12);
    expect(conditional).toBeLessThan(132);
    // A tiny β makes the conditional bound worse than the plain one: the plain one is kept.
    expect(roundedL2Bound(1, 1e-300, 4)).toBe(3);
    expect(roundedL1Bound(3, 16)).toBe(9); // an integer vector: ‖x‖₁ ≤ ‖x‖₂²
    expect(roundedL1Bound(10, 16)).toBe(40); // ‖x‖₁ ≤ √d‖x‖₂
  });

  it('τ = 10·Σ_{k<n} exp(−2π²σ²·k/(k+1)): zero for one client, vanishing for large σ', () => {
    expect(ddgTau(0.5, 1)).toBe(0);
    expect(ddgTau(0.5, 2)).toBeCloseTo(10 * Math.exp(-2 * Math.PI ** 2 * 0.25 * 0.5), 15);
    expect(ddgTau(5, 1000)).toBeLessThan(1e-100);
  });

  it('with τ ≈ 0 and q = 1 it is the discrete Gaussian bound α·Δ²/(2nσ²) (dp_accounting: α = 3.14159, σ = 5, Δ = 2)', () => {
    // One client, d = 1, clip·scale = 1: the rounded sensitivity is 1 + √1 = 2, and τ = 0.
    const p: DistributedDiscreteGaussian = { q: 1, clients: 1, dim: 1, clip: 1, scale: 1, localStddev: 5, beta: 0 };
    const { l2Sensitivity, tau } = ddgTerms(p);
    expect(tau).toBe(0);
    expect(l2Sensitivity).toBe(2);
    expect(ddgRdp(p, [3.14159])[0]).toBeCloseTo((3.14159 * 2 ** 2) / (2 * 5 ** 2), 14);
  });

  it('n clients each adding σ² behave like one Gaussian of variance nσ² (plus τ, negligible here)', () => {
    const { l2Sensitivity } = ddgTerms(base);
    const z = (Math.sqrt(base.clients) * base.localStddev) / l2Sensitivity;
    for (const a of [2, 8, 32.5]) expect(ddgRdp(base, [a])[0]).toBeCloseTo(poissonGaussianRdpAt(1, z, a), 10);
  });

  it('subsampling amplifies, never above the unsampled bound, and fractional orders are charged at ⌈α⌉', () => {
    const sampled = { ...base, q: 0.01 };
    const [at2, at25, at3] = ddgRdp(sampled, [2, 2.5, 3]);
    expect(at2).toBeLessThan(ddgRdp(base, [2])[0]);
    expect(at25).toBe(at3);
    // The general Zhu–Wang bound is looser than the exact subsampled-Gaussian analysis but of the same order.
    const { l2Sensitivity } = ddgTerms(base);
    const z = (Math.sqrt(base.clients) * base.localStddev) / l2Sensitivity;
    const exact = poissonGaussianRdpAt(0.01, z, 8);
    const general = ddgRdp(sampled, [8])[0];
    expect(general).toBeGreaterThanOrEqual(exact * 0.999);
    expect(general).toBeLessThan(exact * 10);
  });

  it('ε grows when clients drop out (their noise leaves with them), when σ falls, and with steps', () => {
    const eps = (p: Partial<DistributedDiscreteGaussian>, steps = 100) =>
      new RdpAccountant().compose({ mechanism: 'distributed-discrete-gaussian', sampling: 'poisson', ...base, q: 0.05, ...p }, steps).epsilon(1e-5).epsilon;
    expect(eps({ clients: 80 })).toBeGreaterThan(eps({ clients: 100 }));
    expect(eps({ localStddev: 15 })).toBeGreaterThan(eps({ localStddev: 20 }));
    expect(eps({}, 200)).toBeGreaterThan(eps({}, 100));
    expect(eps({ beta: 0 })).toBeGreaterThan(eps({})); // unconditional rounding inflates the sensitivity more
  });

  it('a small σ makes τ matter: the bound is then well above the Gaussian one of the same total variance', () => {
    const tiny = { ...base, localStddev: 0.2, scale: 1 };
    const { tau, l2Scale } = ddgTerms(tiny);
    expect(tau).toBeGreaterThan(1);
    expect(ddgRdp(tiny, [2])[0]).toBeGreaterThan(1.5 * (2 / 2) * l2Scale ** 2);
  });

  it('refuses bad parameters', () => {
    for (const p of [{ clients: 0 }, { clients: 2.5 }, { clip: 0 }, { scale: -1 }, { localStddev: 0 }, { beta: 1 }, { q: 2 }, { dim: 0 }]) {
      expect(() => ddgRdp({ ...base, ...p }, [2])).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    }
  });
});
