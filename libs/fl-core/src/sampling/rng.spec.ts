import { createRng } from './rng';

describe(createRng.name, () => {
  it('is deterministic for a seed and differs across seeds (including the high 32 bits)', () => {
    const draw = (seed: number) => {
      const r = createRng(seed);
      return Array.from({ length: 8 }, () => r.uint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(1)).not.toEqual(draw(1 + 2 ** 32));
    expect(draw(-1)).not.toEqual(draw(2 ** 32 - 1));
  });

  it('next() stays in [0, 1) with mean ≈ 1/2', () => {
    const r = createRng(1);
    let sum = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.01); // 5σ ≈ 0.01
  });

  it('int(n) covers [0, n) roughly uniformly', () => {
    const r = createRng(2);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 6000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(150); // ~5σ
    expect(r.int(1)).toBe(0);
  });

  it('refuses bad seeds and bounds', () => {
    expect(() => createRng(1.5)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => createRng(NaN)).toThrow(/seed/);
    const r = createRng(0);
    expect(() => r.int(0)).toThrow(/n must be/);
    expect(() => r.int(2 ** 32 + 1)).toThrow(/n must be/);
  });
});
