/**
 * Binomial tails in log space: exact small cases, complements, degenerate p.
 */
import { binomialLogPmf, log2BinomialAtLeast, log2BinomialBelow } from './binomial';

describe(log2BinomialBelow.name, () => {
  it('matches Bin(3, 1/2) exactly', () => {
    expect(2 ** log2BinomialBelow(3, 0.5, 2)).toBeCloseTo(0.5, 12);
    expect(2 ** log2BinomialAtLeast(3, 0.5, 3)).toBeCloseTo(0.125, 12);
    expect(2 ** log2BinomialBelow(3, 0.5, 0)).toBe(0);
    expect(log2BinomialAtLeast(3, 0.5, 0)).toBeCloseTo(0, 12);
  });

  it('tails are complementary and the pmf sums to 1', () => {
    for (const [k, p] of [
      [40, 0.05],
      [100, 0.9],
    ]) {
      expect(binomialLogPmf(k, p).reduce((a, l) => a + Math.exp(l), 0)).toBeCloseTo(1, 10);
      for (const t of [1, 5, 20]) expect(2 ** log2BinomialBelow(k, p, t) + 2 ** log2BinomialAtLeast(k, p, t)).toBeCloseTo(1, 10);
    }
  });

  it('stays accurate far below double underflow', () => {
    // P[Bin(1000, 0.01) ≥ 900] ≈ C(1000,900)·0.01^900 ≈ 2^-5518
    const l = log2BinomialAtLeast(1000, 0.01, 900);
    expect(l).toBeLessThan(-5000);
    expect(Number.isFinite(l)).toBe(true);
  });

  it('handles p = 0 and p = 1', () => {
    expect(log2BinomialAtLeast(10, 0, 1)).toBe(-Infinity);
    expect(log2BinomialBelow(10, 1, 10)).toBe(-Infinity);
    expect(log2BinomialBelow(10, 1, 11)).toBe(0);
  });
});
