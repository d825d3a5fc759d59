import { deriveSeed } from './derive-seed';

describe('deriveSeed', () => {
  it('is deterministic, 32-bit, and differs across rounds, attempts and clients', () => {
    expect(deriveSeed(42, 'cohort', 1, 1)).toBe(deriveSeed(42, 'cohort', 1, 1));
    const seeds = new Set([deriveSeed(42, 'cohort', 1, 1), deriveSeed(42, 'cohort', 1, 2), deriveSeed(42, 'cohort', 2, 1), deriveSeed(43, 'cohort', 1, 1), deriveSeed(42, 'client', 1, 1, 'a'), deriveSeed(42, 'client', 1, 1, 'b')]);
    expect(seeds.size).toBe(6);
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s < 2 ** 32).toBe(true);
  });
});
