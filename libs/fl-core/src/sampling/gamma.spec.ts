import { createRng } from './rng';
import { sampleDirichlet, sampleGamma } from './gamma';

function moments(alpha: number, n: number): { mean: number; variance: number } {
  const rng = createRng(123);
  let s = 0;
  let s2 = 0;
  let negative = 0;
  for (let i = 0; i < n; i++) {
    const x = sampleGamma(rng, alpha);
    if (!(x >= 0)) negative++;
    s += x;
    s2 += x * x;
  }
  expect(negative).toBe(0);
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe(sampleGamma.name, () => {
  it.each([0.3, 1, 4.5])('Gamma(%p, 1) has mean ≈ α and variance ≈ α', (alpha) => {
    const n = 20000;
    const { mean, variance } = moments(alpha, n);
    expect(Math.abs(mean - alpha)).toBeLessThan(5 * Math.sqrt(alpha / n));
    expect(Math.abs(variance - alpha) / alpha).toBeLessThan(0.1);
  });

  it('refuses α ≤ 0', () => {
    expect(() => sampleGamma(createRng(1), 0)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe(sampleDirichlet.name, () => {
  it('returns proportions summing to 1, never all zero even for tiny α', () => {
    const rng = createRng(9);
    for (const alpha of [1e-3, 0.5, 10]) {
      const p = sampleDirichlet(rng, alpha, 20);
      expect(p.every((x) => x >= 0)).toBe(true);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });
});
