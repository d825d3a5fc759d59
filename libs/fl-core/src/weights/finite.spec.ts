import { allFinite, firstNonFinite } from './finite';

describe(firstNonFinite.name, () => {
  it('finds NaN, +Inf and -Inf, and passes extreme finite values', () => {
    expect(firstNonFinite(Float32Array.of(0, -0, 3.4e38, -3.4e38, 1e-45))).toBe(-1);
    expect(firstNonFinite(Float32Array.of(1, 2, NaN))).toBe(2);
    expect(firstNonFinite(Float32Array.of(Infinity))).toBe(0);
    expect(firstNonFinite(Float64Array.of(1, -Infinity))).toBe(1);
    expect(allFinite(new Float32Array(0))).toBe(true);
  });
});
