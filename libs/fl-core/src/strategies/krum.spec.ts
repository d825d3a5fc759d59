import { multiKrum } from '../robust/krum-select';
import { pairwiseSquaredDistances } from '../robust/pairwise-distances';
import { Krum } from './krum';
import { lcg, permuted, updatesInput, zeroModel } from './robust.fixture';

const run = (f: number, m: number, rows: number[][]) => {
  const s = new Krum({ f, m });
  const g = zeroModel(rows[0].length);
  return Array.from(s.aggregate(g, updatesInput(rows), s.initState(g)).weights.data);
};

describe(Krum.name, () => {
  it('known answer (hand-computed): n = 5, f = 1 → 2 neighbours', () => {
    // 1-D updates 0, 1, 2, 3, 100. Squared distances to the 2 nearest others:
    // 0: 1 + 4 = 5; 1: 1 + 1 = 2; 2: 1 + 1 = 2; 3: 1 + 4 = 5; 100: 97² + 98² = 19013.
    // Lowest score 2, tie between updates 1 and 2 → the lower index: update 1.
    expect(run(1, 1, [[0], [1], [2], [3], [100]])).toEqual([1]);
    // Multi-Krum m = 3: updates 1, 2, then 0 (score 5, lower index than 3) → mean(1, 2, 0) = 1.
    expect(run(1, 3, [[0], [1], [2], [3], [100]])).toEqual([1]);
    // m = 4: {1, 2, 0, 3} → 1.5
    expect(run(1, 4, [[0], [1], [2], [3], [100]])).toEqual([1.5]);
  });

  it('with n = 7, f = 2 and two far outliers picks an inlier', () => {
    const r = lcg(4);
    const honest = Array.from({ length: 5 }, () => Array.from({ length: 64 }, () => 1 + 0.01 * r()));
    const byzantine = [Array(64).fill(1000), Array(64).fill(-1000)];
    const rows = permuted([...honest, ...byzantine], 7);
    const got = run(2, 1, rows);
    expect(honest.some((h) => h.every((x, i) => Math.fround(x) === got[i]))).toBe(true);
  });

  it('identical and near-identical updates: distances are exactly 0 or tiny positive, never NaN, ties stable', () => {
    const u = Float32Array.from({ length: 10_000 }, lcg(1));
    const v = u.slice();
    v[5] = Math.fround(v[5] + 1e-7);
    const d = pairwiseSquaredDistances([u, u.slice(), v], 10_000);
    expect(d[1]).toBe(0);
    expect(d[2]).toBeGreaterThan(0);
    expect(d.every((x) => x >= 0 && Number.isFinite(x))).toBe(true);
    // five identical updates: every score is 0, the first (in client-id order) wins.
    expect(multiKrum(pairwiseSquaredDistances([u, u, u, u, u], 10_000), 5, 1, 2)).toEqual([0, 1]);
  });

  it('is permutation invariant when scores are distinct', () => {
    const r = lcg(8);
    const rows = Array.from({ length: 9 }, (_, k) => Array.from({ length: 100 }, () => r() * (1 + k)));
    expect(run(2, 3, permuted(rows, 5))).toEqual(run(2, 3, rows));
  });

  it('fails the round with PRECONDITION when n ≤ 2f + 2 or m > n − f', () => {
    const s = new Krum({ f: 2 });
    const g = zeroModel(1);
    expect(() => s.aggregate(g, updatesInput([[1], [2], [3], [4], [5], [6]]), s.initState(g))).toThrow(/n > 2f \+ 2.*at least 7 updates; the round received 6/);
    expect(() => s.aggregate(g, updatesInput([[1], [2], [3], [4], [5], [6]]), s.initState(g))).toThrow(expect.objectContaining({ code: 'PRECONDITION' }));
    const multi = new Krum({ f: 1, m: 5 });
    expect(() => multi.aggregate(g, updatesInput([[1], [2], [3], [4], [5]]), multi.initState(g))).toThrow(expect.objectContaining({ code: 'PRECONDITION' }));
  });

  it('defaults to f = 1, m = 1 and refuses non-integer or out-of-range options', () => {
    expect(new Krum().options).toEqual({ f: 1, m: 1 });
    expect(() => new Krum({ f: 1.5 })).toThrow(/f must be an integer/);
    expect(() => new Krum({ m: 0 })).toThrow(/m must be an integer/);
    expect(() => new Krum({ f: -1 })).toThrow(/f must be an integer/);
  });
});
