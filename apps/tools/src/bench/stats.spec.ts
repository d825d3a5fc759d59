import { summarize } from './stats';

describe(summarize.name, () => {
  it('takes the middle value of an odd count', () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
  });
  it('averages the middle two of an even count', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
  });
  it('rounds to the requested digits', () => {
    expect(summarize([0.12345], 2)).toEqual({ median: 0.12, min: 0.12, max: 0.12 });
  });
  it('refuses an empty sample', () => {
    expect(() => summarize([])).toThrow('no samples');
  });
});

describe('percentile', () => {
  it('takes the nearest rank', async () => {
    const { percentile } = await import('./stats');
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(() => percentile([], 50)).toThrow('no samples');
  });
});
