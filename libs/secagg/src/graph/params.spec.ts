/**
 * (k, t) selection (Bell et al., CCS 2020; README.md "Parameters"): reproduces the semi-honest column of
 * Bell et al.'s table, every choice meets conditions 1–2, the complete graph is the
 * small-cohort fallback, and invalid (k, t) are rejected.
 */
import { log2BinomialAtLeast, log2BinomialBelow } from './binomial';
import type { ThreatModel } from '../stages';
import { bonawitzThreshold, checkSecAggPolicy, chooseSecAggParams, completeGraphParams, DEFAULT_SECAGG_POLICY, validateSecAggParams, type SecAggPolicy } from './params';

describe(chooseSecAggParams.name, () => {
  it('reproduces the semi-honest (k, t) of Bell et al. (k rounded up to even)', () => {
    const rows: [number, number, number, number, number][] = [
      [1000, 0.05, 0.05, 30, 18],
      [1000, 0.1, 0.05, 38, 20],
      [10000, 0.1, 0.05, 42, 22], // table: (41, 21); 41 is odd
      [1000, 0.2, 0.1, 72, 34], // table: (71, 34)
    ];
    for (const [n, rho, gamma, k, t] of rows) {
      expect(chooseSecAggParams(n, rho, gamma, 40, 20, { model: 'semi-honest' })).toMatchObject({ k, t, complete: false, meetsTargets: true });
    }
  });

  it('meets conditions 1–2 in the active model (t′ = 2t − k − 1) and is minimal in k', () => {
    for (const [n, rho, gamma] of [
      [1000, 0.05, 0.05],
      [1000, 0.1, 0.05],
      [500, 0.1, 0.01],
    ]) {
      const { k, t, complete } = chooseSecAggParams(n, rho, gamma);
      expect(complete).toBe(false);
      expect(Math.log2(n) + log2BinomialBelow(k, 1 - rho, t)).toBeLessThanOrEqual(-20);
      expect(Math.log2(n) + log2BinomialAtLeast(k, gamma, 2 * t - k - 1)).toBeLessThanOrEqual(-40);
      // k − 2 admits no threshold
      const k2 = k - 2;
      let ok = false;
      for (let t2 = Math.floor((k2 + 1) / 2) + 1; t2 <= k2 + 1; t2++) {
        if (Math.log2(n) + log2BinomialBelow(k2, 1 - rho, t2) <= -20 && Math.log2(n) + log2BinomialAtLeast(k2, gamma, 2 * t2 - k2 - 1) <= -40) ok = true;
      }
      expect(ok).toBe(false);
    }
  });

  it('falls back to the complete graph with t = ⌊2n/3⌋ + 1 for small cohorts', () => {
    expect(chooseSecAggParams(10, 0.1, 0.05)).toMatchObject({ k: 9, t: 7, complete: true, meetsTargets: false });
    expect(chooseSecAggParams(3, 0, 0)).toMatchObject({ k: 2, t: 3, complete: true, meetsTargets: true });
    expect(chooseSecAggParams(30, 0.05, 0.3)).toMatchObject({ k: 29, t: 21, complete: true });
  });

  it('rejects impossible settings', () => {
    for (const args of [
      [2, 0.1, 0.05],
      [100, 1, 0.05],
      [100, -0.1, 0.05],
      [100, 0.1, 1],
      [100.5, 0.1, 0.05],
      [12, 0.1, 0.95],
    ] as [number, number, number][]) {
      expect(() => chooseSecAggParams(...args)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    }
    expect(() => chooseSecAggParams(100, 0.1, 0.05, 0)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });
});

describe(validateSecAggParams.name, () => {
  it('accepts the complete graph and even sparse k', () => {
    expect(() => validateSecAggParams(3, 2, 2)).not.toThrow();
    expect(() => validateSecAggParams(50, 10, 6)).not.toThrow();
    expect(() => validateSecAggParams(50, 10, 3, 'semi-honest')).not.toThrow();
  });

  it('rejects arbitrary (k, t)', () => {
    const bad: [number, number, number][] = [
      [50, 9, 6], // odd sparse k
      [50, 50, 30], // k > n − 1
      [50, 1, 2], // k < 2
      [50, 10, 12], // t > k + 1
      [50, 10, 1], // t < 2
      [50, 10, 5], // t ≤ (k + 1)/2 against an active server
      [2, 1, 2], // n < 3
      [50, 10, 6.5],
    ];
    for (const [n, k, t] of bad) expect(() => validateSecAggParams(n, k, t)).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
  });
});

describe(checkSecAggPolicy.name, () => {
  const weak = expect.objectContaining({ code: 'WEAK_PARAMS' });
  const ns = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 50, 100, 1000];
  const policies: SecAggPolicy[] = [{ dropout: 0.1, corruption: 0.05, sigma: 64, eta: 30 }];
  for (const dropout of [0, 0.05, 0.1, 0.2]) for (const corruption of [0, 0.01, 0.05, 0.1]) policies.push({ dropout, corruption, sigma: 40, eta: 20 });
  /** Large γ: cheap for small cohorts; for n = 1000 the chooser scans hundreds of k (slow under jest). */
  const heavy: SecAggPolicy[] = [
    { dropout: 0.2, corruption: 0.2, sigma: 40, eta: 20 },
    { dropout: 0.3, corruption: 0.3, sigma: 20, eta: 10 },
  ];
  const models: ThreatModel[] = ['active', 'semi-honest'];

  /** What the coordinator may produce for `policy`: the chooser and the plain complete graph (either may refuse). */
  function produced(n: number, p: SecAggPolicy, model: ThreatModel): { k: number; t: number }[] {
    const out: { k: number; t: number }[] = [];
    for (const make of [
      () => chooseSecAggParams(n, p.dropout, p.corruption, p.sigma, p.eta, { model }),
      () => completeGraphParams(n, p.dropout, p.corruption, p.eta, { model }),
    ]) {
      try {
        out.push(make());
      } catch (e) {
        expect(e).toMatchObject({ code: 'INVALID_PARAMS' }); // impossible settings (t > n)
      }
    }
    return out;
  }

  it('is the coordinator default: ρ = 0.1, γ = 0.05, σ = 40, η = 20, frozen', () => {
    expect(DEFAULT_SECAGG_POLICY).toEqual({ dropout: 0.1, corruption: 0.05, sigma: 40, eta: 20 });
    expect(Object.isFrozen(DEFAULT_SECAGG_POLICY)).toBe(true);
  });

  it('accepts whatever chooseSecAggParams / completeGraphParams produce for the same policy, and refuses t − 1', () => {
    let accepted = 0;
    let refused = 0;
    for (const n of ns) {
      for (const p of n < 1000 ? [...policies, ...heavy] : policies) {
        for (const model of models) {
          for (const { k, t } of produced(n, p, model)) {
            expect(() => checkSecAggPolicy(n, k, t, model, p)).not.toThrow();
            accepted++;
            let valid = true;
            try {
              validateSecAggParams(n, k, t - 1, model);
            } catch {
              valid = false;
            }
            if (valid) {
              expect(() => checkSecAggPolicy(n, k, t - 1, model, p)).toThrow(weak);
              refused++;
            }
          }
        }
      }
    }
    expect(accepted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(300);
  });

  it('defaults to DEFAULT_SECAGG_POLICY and refuses what a weaker server could pick', () => {
    const { k, t } = chooseSecAggParams(1000, 0.1, 0.05);
    expect(() => checkSecAggPolicy(1000, k, t, 'active')).not.toThrow();
    // A server assuming γ = 0.01 picks a smaller (k, t) than this client's γ = 0.05 allows.
    const lax = chooseSecAggParams(1000, 0.1, 0.01);
    expect(lax.k).toBeLessThan(k);
    expect(() => checkSecAggPolicy(1000, lax.k, lax.t, 'active')).toThrow(weak);
    // (8, 5) of 50 is valid (t > (k + 1)/2) but two corrupt neighbours meet t′ = 2t − k − 1 = 1.
    expect(() => validateSecAggParams(50, 8, 5)).not.toThrow();
    expect(() => checkSecAggPolicy(50, 8, 5, 'active')).toThrow(weak);
    // Complete graph below ⌊2n/3⌋ + 1.
    expect(() => checkSecAggPolicy(3, 2, 2, 'semi-honest')).toThrow(weak);
    expect(() => checkSecAggPolicy(3, 2, 3, 'semi-honest')).not.toThrow();
  });

  it('names k, t, n and the bound in its message', () => {
    expect(() => checkSecAggPolicy(50, 8, 5, 'active')).toThrow(/\(k, t\) = \(8, 5\) for n = 50 .*2t − k − 1 = 1\] ≤ 2\^−40, got 2\^-?[0-9.]+; the smallest t that meets it for k = 8 is/);
    const b = bonawitzThreshold(30, 0.3, 'active');
    expect(b).toEqual({ t: 21, nC: 9, tSec: 20 });
    expect(() => checkSecAggPolicy(30, 29, 20, 'active', { ...DEFAULT_SECAGG_POLICY, corruption: 0.3 })).toThrow(/\(k, t\) = \(29, 20\) for n = 30 .*t ≥ max\(⌊2n\/3⌋ \+ 1, ⌊\(n \+ n_C\)\/2⌋ \+ 1 = 20\) = 21 with n_C = ⌈γn⌉ = 9/);
  });

  it('honours the policy it is given, requireActive, and refuses malformed policies', () => {
    const permissive = { ...DEFAULT_SECAGG_POLICY, corruption: 0 };
    expect(() => checkSecAggPolicy(50, 8, 5, 'active', permissive)).not.toThrow();
    expect(() => checkSecAggPolicy(10, 9, 7, 'semi-honest', { ...DEFAULT_SECAGG_POLICY, requireActive: true })).toThrow(weak);
    expect(() => checkSecAggPolicy(10, 9, 7, 'active', { ...DEFAULT_SECAGG_POLICY, requireActive: true })).not.toThrow();
    for (const bad of [{ corruption: 1 }, { corruption: -0.1 }, { sigma: 0 }, { dropout: Number.NaN }]) {
      expect(() => checkSecAggPolicy(10, 9, 7, 'active', { ...DEFAULT_SECAGG_POLICY, ...bad })).toThrow(expect.objectContaining({ code: 'INVALID_PARAMS' }));
    }
  });
});
