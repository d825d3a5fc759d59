import { fedAvgWeight } from './fed-avg-weight';

describe(fedAvgWeight.name, () => {
  it('is n_k without a cap', () => {
    expect(fedAvgWeight(120)).toBe(120);
    expect(fedAvgWeight(120, 0)).toBe(120);
  });

  it('is min(n_k/cap, 1) with a cap', () => {
    expect(fedAvgWeight(50, 200)).toBe(0.25);
    expect(fedAvgWeight(500, 200)).toBe(1);
    expect(fedAvgWeight(0, 200)).toBe(0);
  });

  it('refuses negative or fractional counts and bad caps', () => {
    expect(() => fedAvgWeight(-1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => fedAvgWeight(1.5)).toThrow(/numExamples/);
    expect(() => fedAvgWeight(1, -5)).toThrow(/cap/);
    expect(() => fedAvgWeight(1, NaN)).toThrow(/cap/);
  });
});
