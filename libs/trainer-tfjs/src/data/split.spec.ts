import { trainTestSplit } from './split';
import { blobs } from '../testing/fixtures';

describe(trainTestSplit.name, () => {
  const data = blobs(100, 4, 3);
  const key = (x: Float32Array, i: number) => `${x[i * 3]},${x[i * 3 + 1]},${x[i * 3 + 2]}`;

  it('splits into disjoint parts that cover the dataset', () => {
    const { train, test } = trainTestSplit(data, 0.2, 5);
    expect([train.count, test.count]).toEqual([80, 20]);
    const all = new Set<string>();
    for (const d of [train, test]) for (let i = 0; i < d.count; i++) all.add(key(d.x, i));
    expect(all.size).toBe(100);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = trainTestSplit(data, 0.2, 5).test;
    const b = trainTestSplit(data, 0.2, 5).test;
    const c = trainTestSplit(data, 0.2, 6).test;
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(Array.from(a.x)).not.toEqual(Array.from(c.x));
  });

  it.each([-0.1, 1, NaN])('refuses testFraction %p', (f) => {
    expect(() => trainTestSplit(data, f, 1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
