import { setKernelBackend } from '../kernels/backend';
import { lcg } from '../strategies/robust.fixture';
import { coordinateMeanAroundMedian, coordinateMedian, coordinateTrimmedMean, squaredDistances } from './coordinate-rules';
import { oddEvenMergeNetwork } from './sorting-network';

const rows = (n: number, P: number, seed: number) => {
  const r = lcg(seed);
  return Array.from({ length: n }, () => Float32Array.from({ length: P }, r));
};

/** `fn` under the JS and under the wasm backend. */
function both<T>(fn: () => T): [T, T] {
  try {
    setKernelBackend('js');
    const js = fn();
    setKernelBackend('wasm');
    return [js, fn()];
  } finally {
    setKernelBackend('auto');
  }
}

describe('robust kernels', () => {
  it('the odd–even merge network sorts every 0/1 input for n ≤ 12 (0–1 principle) and random inputs up to n = 70', () => {
    for (let n = 1; n <= 12; n++) {
      const net = oddEvenMergeNetwork(n);
      for (let bits = 0; bits < 1 << n; bits++) {
        const a = Array.from({ length: n }, (_, i) => (bits >> i) & 1);
        for (const [i, j] of net) if (a[i] > a[j]) [a[i], a[j]] = [a[j], a[i]];
        expect(a.every((v, i) => i === 0 || a[i - 1] <= v)).toBe(true);
      }
    }
    const r = lcg(2);
    for (const n of [13, 31, 50, 64, 70]) {
      const a = Array.from({ length: n }, r);
      for (const [i, j] of oddEvenMergeNetwork(n)) if (a[i] > a[j]) [a[i], a[j]] = [a[j], a[i]];
      expect(a).toEqual([...a].sort((x, y) => x - y));
    }
  });

  it.each([1, 2, 5, 8, 13, 50])('wasm and JS rules agree for n = %i (P with a ragged tail block)', (n) => {
    const P = 2051;
    const u = rows(n, P, n);
    const [mj, mw] = both(() => coordinateMedian(u, P));
    expect(Array.from(mw)).toEqual(Array.from(mj));
    const trim = Math.floor(0.2 * n);
    const [tj, tw] = both(() => coordinateTrimmedMean(u, P, trim));
    for (let i = 0; i < P; i++) expect(tw[i]).toBeCloseTo(tj[i], 12);
    const beta = Math.max(1, n - 2);
    const [bj, bw] = both(() => coordinateMeanAroundMedian(u, P, beta));
    for (let i = 0; i < P; i++) expect(bw[i]).toBeCloseTo(bj[i], 12);
  });

  it('squared distances: wasm within 1e-5 relative of the f64 reference, exactly 0 for identical updates, never negative', () => {
    const P = 5003;
    const u = rows(6, P, 7);
    u.push(u[2].slice());
    const [dj, dw] = both(() => squaredDistances(u, P));
    for (let i = 0; i < dj.length; i++) {
      expect(dw[i]).toBeGreaterThanOrEqual(0);
      if (dj[i] === 0) expect(dw[i]).toBe(0);
      else expect(Math.abs(dw[i] - dj[i]) / dj[i]).toBeLessThan(1e-5);
    }
    expect(dw[2 * 7 + 6]).toBe(0);
    expect(dw[6 * 7 + 2]).toBe(0);
  });
});
