import { createRng } from './rng';
import { poissonSample } from './poisson-sample';

describe('poissonSample', () => {
  const ids = Array.from({ length: 1000 }, (_, i) => `c${String(i).padStart(4, '0')}`);

  it('includes each client independently with probability q (cohort size ~ Binomial(N, q))', () => {
    const rng = createRng(7);
    const sizes: number[] = [];
    const hits = new Map<string, number>();
    for (let t = 0; t < 200; t++) {
      const s = poissonSample(ids, 0.04, () => rng.next());
      sizes.push(s.length);
      for (const id of s) hits.set(id, (hits.get(id) ?? 0) + 1);
    }
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    const variance = sizes.reduce((a, b) => a + (b - mean) ** 2, 0) / (sizes.length - 1);
    expect(Math.abs(mean - 40)).toBeLessThan(2); // sd of the mean ≈ 0.44
    expect(variance).toBeGreaterThan(38.4 * 0.6); // Binomial variance N·q·(1 − q) = 38.4, not 0 as for fixed-size sampling
    expect(variance).toBeLessThan(38.4 * 1.5);
    expect(new Set(sizes).size).toBeGreaterThan(5);
    expect(hits.size).toBeGreaterThan(990); // nearly every client was sampled at some point
  });

  it('takes everyone at q = 1, no one at q = 0, and refuses bad input', () => {
    expect(poissonSample(ids, 1, Math.random)).toEqual(ids);
    expect(poissonSample(ids, 0, Math.random)).toEqual([]);
    expect(() => poissonSample(ids, 1.5, Math.random)).toThrow(/q must be/);
    expect(() => poissonSample(['a', 'a'], 0.5, Math.random)).toThrow(/distinct/);
  });
});
