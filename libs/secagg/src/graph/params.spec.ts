/**
 * (k, t) selection (ALGORITHMS.md §6): reproduces the semi-honest column of
 * the §6 table, every choice meets conditions 1–2, the complete graph is the
 * small-cohort fallback, and invalid (k, t) are rejected (pitfall §10.17).
 */
import { log2BinomialAtLeast, log2BinomialBelow } from './binomial';
import { chooseSecAggParams, validateSecAggParams } from './params';

describe(chooseSecAggParams.name, () => {
  it('reproduces the semi-honest (k, t) of the §6 table (k rounded up to even)', () => {
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
