import { Bulyan, meanAroundMedian } from './bulyan';
import { iteratedKrum } from '../robust/krum-select';
import { pairwiseSquaredDistances } from '../robust/pairwise-distances';
import { lcg, permuted, updatesInput, zeroModel } from './robust.fixture';

const run = (f: number, rows: number[][]) => {
  const s = new Bulyan(f);
  const g = zeroModel(rows[0].length);
  return Array.from(s.aggregate(g, updatesInput(rows), s.initState(g)).weights.data);
};

describe(Bulyan.name, () => {
  it('known answer (hand-computed): n = 7, f = 1', () => {
    // 1-D updates 0, 1, 2, 3, 4, 5, 100; θ = 5, β = 3.
    // Krum on all 7 (4 neighbours): scores 0: 1+4+9+16 = 30; 1: 1+1+4+9 = 15; 2: 1+1+4+4 = 10;
    // 3: 10; 4: 15; 5: 30; 100 huge → pick 2 (tie with 3, lower index).
    // On {0, 1, 3, 4, 5, 100} (3 neighbours): 0: 1+9+16 = 26; 1: 1+4+9 = 14; 3: 1+1+4 = 6; 4: 1+1+9 = 11;
    // 5: 1+4+16 = 21 → pick 3. On {0, 1, 4, 5, 100} (2 neighbours): 0: 1+16 = 17; 1: 1+9 = 10; 4: 1+9 = 10;
    // 5: 1+16 = 17 → pick 1. On {0, 4, 5, 100} (1 neighbour): 0: 16; 4: 1; 5: 1 → pick 4.
    // On {0, 5, 100} (0 neighbours): all 0 → pick 0. Selected {0, 1, 2, 3, 4}.
    const dist = pairwiseSquaredDistances([0, 1, 2, 3, 4, 5, 100].map((x) => Float32Array.of(x)), 1);
    expect(iteratedKrum(dist, 7, 1, 5)).toEqual([2, 3, 1, 4, 0]);
    // Median of {0..4} = 2; the 3 closest: 2, then 1 (tie with 3 → lower), then 3 → mean 2.
    expect(run(1, [[0], [1], [2], [3], [4], [5], [100]])).toEqual([2]);
  });

  it('meanAroundMedian: the β values closest to the median', () => {
    // sorted {1, 2, 10, 11, 12}, median 10 → 3 closest: 10, 11 (1 away; 9 away for 2 → no), 12 → 11
    expect(meanAroundMedian(Float64Array.of(12, 1, 11, 2, 10), 0, 5, 3)).toBe(11);
    // even: {0, 4, 6, 7}, median 5 → 2 closest: 4 (1 away), 6 (1 away) → 5
    expect(meanAroundMedian(Float64Array.of(7, 0, 6, 4), 0, 4, 2)).toBe(5);
  });

  it('n = 11, f = 2 with far Byzantine updates, in any order: every coordinate within the honest range', () => {
    const r = lcg(11);
    const P = 3000;
    const honest = Array.from({ length: 9 }, () => Array.from({ length: P }, () => 0.1 * r()));
    const bad = [Array.from({ length: P }, () => 50 + r()), Array.from({ length: P }, () => -50 - r())];
    for (const seed of [1, 9]) {
      const got = run(2, permuted([...honest, ...bad], seed));
      for (let i = 0; i < P; i++) {
        const col = honest.map((h) => Math.fround(h[i]));
        expect(got[i]).toBeGreaterThanOrEqual(Math.min(...col));
        expect(got[i]).toBeLessThanOrEqual(Math.max(...col));
      }
    }
  });

  it('is permutation invariant when no Krum scores tie (f = 3: the last pick still scores 2 neighbours)', () => {
    // With f − 1 ≤ 1 neighbours at the last pick, mutual nearest neighbours tie and the
    // lower index (client-id order in a round) decides, so the exact check needs f ≥ 3.
    const r = lcg(3);
    const rows = Array.from({ length: 15 }, (_, k) => Array.from({ length: 200 }, () => r() * (1 + k)));
    expect(run(3, permuted(rows, 4))).toEqual(run(3, rows));
  });

  it('rejects n < 4f + 3 with PRECONDITION, and bad f', () => {
    const s = new Bulyan(2);
    const g = zeroModel(1);
    const ten = Array.from({ length: 10 }, (_, i) => [i]);
    expect(() => s.aggregate(g, updatesInput(ten), s.initState(g))).toThrow(/n ≥ 4f \+ 3.*at least 11 updates; the round received 10/);
    expect(() => new Bulyan(0.5)).toThrow(/f must be an integer/);
    expect(new Bulyan().f).toBe(1);
  });
});
