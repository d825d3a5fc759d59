import { describeBackends, finiteF32, finiteF64, NON_FINITE, rngFor, withBad } from '../kernels/kernels.fixture';
import { allFinite, firstNonFinite } from './finite';

describe(firstNonFinite.name, () => {
  describeBackends('backend', () => {
    it('finds NaN, +Inf and -Inf, and passes extreme finite values', () => {
      expect(firstNonFinite(Float32Array.of(0, -0, 3.4e38, -3.4e38, 1e-45))).toBe(-1);
      expect(firstNonFinite(Float32Array.of(1, 2, NaN))).toBe(2);
      expect(firstNonFinite(Float32Array.of(Infinity))).toBe(0);
      expect(firstNonFinite(Float64Array.of(1, -Infinity))).toBe(1);
      expect(allFinite(new Float32Array(0))).toBe(true);
    });

    it.each([255, 256, 1001, 32769, 100003])('n = %i: finds the first bad value in Float32/Float64 arrays, plain arrays and subarrays', (n) => {
      const rng = rngFor(n);
      const f32 = finiteF32(rng, n);
      const f64 = finiteF64(rng, n);
      expect(allFinite(f32)).toBe(true);
      expect(allFinite(f64)).toBe(true);
      for (const at of [0, n >> 1, n - 1]) {
        const bad = NON_FINITE[at % 3];
        expect(firstNonFinite(withBad(f32, at, bad))).toBe(at);
        expect(firstNonFinite(withBad(f64, at, bad))).toBe(at);
        expect(firstNonFinite(Array.from(withBad(f32, at, bad)))).toBe(at);
        if (at > 0) expect(firstNonFinite(withBad(f32, at, bad).subarray(1))).toBe(at - 1);
      }
    });
  });
});
