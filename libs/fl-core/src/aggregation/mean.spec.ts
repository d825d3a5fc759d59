import { applyDelta, meanDelta, weightedMean, weightedScalarMean } from './mean';

describe(meanDelta.name, () => {
  it('divides the sum by the weight sum', () => {
    expect(Array.from(meanDelta({ deltaSum: Float64Array.of(10, 14), weightSum: 4, count: 2 }))).toEqual([2.5, 3.5]);
  });

  it.each([
    ['no results', { deltaSum: Float64Array.of(0), weightSum: 1, count: 0 }, 'NO_RESULTS'],
    ['zero total weight', { deltaSum: Float64Array.of(0), weightSum: 0, count: 1 }, 'NO_RESULTS'],
    ['NaN total weight', { deltaSum: Float64Array.of(0), weightSum: NaN, count: 1 }, 'NO_RESULTS'],
    ['a NaN in the sum', { deltaSum: Float64Array.of(1, NaN), weightSum: 1, count: 1 }, 'NON_FINITE'],
  ])('refuses %s', (_, input, code) => {
    expect(() => meanDelta(input)).toThrow(expect.objectContaining({ code }));
  });
});

describe(applyDelta.name, () => {
  it('returns x + scale·Δ as a new Float32Array', () => {
    const x = Float32Array.of(1, 2);
    const out = applyDelta(x, [0.5, -1], 2);
    expect(Array.from(out)).toEqual([2, 0]);
    expect(Array.from(x)).toEqual([1, 2]);
  });

  it('refuses a Float32 overflow and a length mismatch', () => {
    expect(() => applyDelta(Float32Array.of(3e38), [3e38])).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    expect(() => applyDelta(Float32Array.of(1), [1, 2])).toThrow(expect.objectContaining({ code: 'WRONG_SHAPE' }));
  });
});

describe(weightedMean.name, () => {
  it('weights each vector', () => {
    expect(Array.from(weightedMean([[1, 2], [3, 4]], [1, 3]))).toEqual([2.5, 3.5]);
  });

  it('refuses empty input, bad weights and ragged vectors', () => {
    expect(() => weightedMean([], [])).toThrow(expect.objectContaining({ code: 'NO_RESULTS' }));
    expect(() => weightedMean([[1]], [0])).toThrow(expect.objectContaining({ code: 'BAD_WEIGHT' }));
    expect(() => weightedMean([[1], [1, 2]], [1, 1])).toThrow(expect.objectContaining({ code: 'WRONG_SHAPE' }));
  });
});

describe(weightedScalarMean.name, () => {
  it('weights metrics by example counts', () => {
    expect(weightedScalarMean([0.5, 0.9], [10, 30])).toBeCloseTo(0.8, 12);
    expect(() => weightedScalarMean([NaN], [1])).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
  });
});
