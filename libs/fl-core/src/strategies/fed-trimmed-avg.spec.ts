import { FedTrimmedAvg } from './fed-trimmed-avg';
import { lcg, permuted, updatesInput, zeroModel } from './robust.fixture';

const run = (beta: number, rows: number[][]) => {
  const s = new FedTrimmedAvg(beta);
  const g = zeroModel(rows[0].length);
  return Array.from(s.aggregate(g, updatesInput(rows), s.initState(g)).weights.data);
};

describe(FedTrimmedAvg.name, () => {
  it('known answer: the β = 0.2 trimmed mean of {−100, 1, 2, 3, 100} is 2', () => {
    // n = 5, ⌊0.2·5⌋ = 1 dropped at each end → mean(1, 2, 3) = 2. Second coordinate:
    // {10, 0, 4, −50, 6} → drop −50 and 10 → mean(0, 4, 6) = 10/3.
    const got = run(0.2, [[-100, 10], [1, 0], [2, 4], [3, -50], [100, 6]]);
    expect(got[0]).toBe(2);
    expect(got[1]).toBe(Math.fround(10 / 3));
  });

  it('known answer: β = 0.25 with n = 8 drops 2 at each end', () => {
    // {8, 1, 7, 2, 6, 3, 5, 4} → keep {3, 4, 5, 6} → 4.5
    expect(run(0.25, [[8], [1], [7], [2], [6], [3], [5], [4]])).toEqual([4.5]);
    // β = 0.2 with n = 4: ⌊0.8⌋ = 0 → plain mean 4.5 of {1, 2, 3, 12}
    expect(run(0.2, [[1], [2], [3], [12]])).toEqual([4.5]);
  });

  it('with β = 0 equals the plain (unweighted) mean', () => {
    const r = lcg(5);
    const rows = Array.from({ length: 6 }, () => Array.from({ length: 3000 }, r));
    const got = run(0, rows);
    for (let i = 0; i < 3000; i += 101) {
      const mean = rows.reduce((s, row) => s + Math.fround(row[i]), 0) / 6;
      expect(got[i]).toBe(Math.fround(mean));
    }
  });

  it('is permutation invariant and stays within the range of the kept values', () => {
    const r = lcg(9);
    const rows = Array.from({ length: 11 }, () => Array.from({ length: 4100 }, r));
    const got = run(0.3, rows);
    expect(run(0.3, permuted(rows, 2))).toEqual(got);
    for (let i = 0; i < 4100; i += 37) {
      const col = rows.map((row) => Math.fround(row[i])).sort((a, b) => a - b);
      expect(got[i]).toBeGreaterThanOrEqual(col[3]);
      expect(got[i]).toBeLessThanOrEqual(col[7]);
    }
  });

  it('defaults to β = 0.2 and refuses β outside [0, 0.5)', () => {
    expect(new FedTrimmedAvg().beta).toBe(0.2);
    expect(() => new FedTrimmedAvg(0.5)).toThrow(/beta must be a finite number in \[0, 0.5\)/);
    expect(() => new FedTrimmedAvg(-0.1)).toThrow(/beta/);
    expect(() => new FedTrimmedAvg(NaN)).toThrow(/beta/);
  });
});
