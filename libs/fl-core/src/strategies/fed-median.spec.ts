import { FedMedian } from './fed-median';
import { lcg, permuted, updatesInput, zeroModel } from './robust.fixture';

const run = (rows: number[][], start?: number[]) => {
  const s = new FedMedian();
  const g = zeroModel(rows[0].length);
  if (start) g.data.set(start);
  return Array.from(s.aggregate(g, updatesInput(rows), s.initState(g)).weights.data);
};

describe(FedMedian.name, () => {
  it('known answers: median{1, 2, 100} = 2; even count takes the mean of the two middle values', () => {
    // coordinate 0: {1, 100, 2} → 2; coordinate 1: {−3, 5, 4} → 4
    expect(run([[1, -3], [100, 5], [2, 4]])).toEqual([2, 4]);
    // {1, 2, 3, 100} → (2 + 3)/2 = 2.5; {−1, −1, 7, 9} → (−1 + 7)/2 = 3
    expect(run([[1, -1], [2, -1], [3, 7], [100, 9]])).toEqual([2.5, 3]);
  });

  it('adds the median update to x_t (works on updates, not weights)', () => {
    expect(run([[1], [2], [100]], [10])).toEqual([12]);
  });

  it('the median of identical updates is that update', () => {
    const u = [0.25, -1.5, 3e-7, 42];
    expect(run([u, u, u, u, u])).toEqual(u.map((x) => Math.fround(x)));
  });

  it('is permutation invariant and matches a sort-based reference on random columns (odd and even n, across blocks)', () => {
    for (const n of [7, 8]) {
      const P = 5000; // more than one transposed block
      const r = lcg(n);
      const rows = Array.from({ length: n }, () => Array.from({ length: P }, r));
      const got = run(rows);
      expect(run(permuted(rows, 3))).toEqual(got);
      for (let i = 0; i < P; i += 97) {
        const col = rows.map((row) => Math.fround(row[i])).sort((a, b) => a - b);
        const want = n % 2 ? col[n >> 1] : (col[n / 2 - 1] + col[n / 2]) / 2;
        expect(got[i]).toBe(Math.fround(want));
      }
    }
  });

  it('does not use client weights and needs no options', () => {
    const s = new FedMedian();
    const g = zeroModel(1);
    const light = s.aggregate(g, { ...updatesInput([[1], [2], [100]]), weightSum: 1e9 }, s.initState(g));
    expect(light.weights.data[0]).toBe(2);
    expect(s.needsIndividualUpdates).toBe(true);
  });

  it('fails with PRECONDITION without individual updates (a sum only), never NaN', () => {
    const s = new FedMedian();
    const g = zeroModel(2);
    expect(() => s.aggregate(g, { deltaSum: new Float64Array(2), weightSum: 1, count: 1 }, s.initState(g))).toThrow(expect.objectContaining({ code: 'PRECONDITION' }));
    expect(() => s.aggregate(g, updatesInput([]), s.initState(g))).toThrow(expect.objectContaining({ code: 'NO_RESULTS' }));
    expect(() => s.aggregate(g, updatesInput([[1, 2, 3]]), s.initState(g))).toThrow(expect.objectContaining({ code: 'WRONG_SHAPE' }));
  });
});
