import { WeightsError } from '../errors/weights-error';
import { layoutProblem, layoutsEqual, parameterCount, tensorSize } from './layout';
import { createWeights, tensorViews } from './model-weights';

describe(parameterCount.name, () => {
  it('sums the element counts of every tensor (scalars count 1, zero dims 0)', () => {
    expect(parameterCount([{ name: 'k', shape: [3, 4] }, { name: 'b', shape: [4] }, { name: 's', shape: [] }, { name: 'z', shape: [5, 0] }])).toBe(17);
  });

  it('refuses invalid layouts with BAD_PAYLOAD', () => {
    expect(() => parameterCount([{ name: 'k', shape: [-1] }])).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
    expect(() => parameterCount({} as never)).toThrow(WeightsError);
  });

  it('refuses counts beyond 2^53 with OVERSIZED', () => {
    expect(() => parameterCount([{ name: 'k', shape: [2 ** 30, 2 ** 30, 2 ** 30] }])).toThrow(expect.objectContaining({ code: 'OVERSIZED' }));
  });
});

describe(layoutProblem.name, () => {
  it('accepts a valid layout and names the problem otherwise', () => {
    expect(layoutProblem([{ name: 'a', shape: [1] }])).toBeNull();
    expect(layoutProblem([{ name: 'a', shape: [1] }, { name: 'a', shape: [2] }])).toMatch(/duplicated/);
    expect(layoutProblem([{ name: 'a', shape: [NaN] }])).toMatch(/non-negative integers/);
    expect(layoutProblem([{ name: 'a', shape: new Array(9).fill(1) }])).toMatch(/at most 8/);
  });
});

describe(layoutsEqual.name, () => {
  it('compares names and shapes in order', () => {
    const a = [{ name: 'a', shape: [1, 2] }, { name: 'b', shape: [] }];
    expect(layoutsEqual(a, [{ name: 'a', shape: [1, 2] }, { name: 'b', shape: [] }])).toBe(true);
    expect(layoutsEqual(a, [{ name: 'a', shape: [2, 1] }, { name: 'b', shape: [] }])).toBe(false);
    expect(layoutsEqual(a, [a[1], a[0]])).toBe(false);
    expect(layoutsEqual(a, a.slice(0, 1))).toBe(false);
  });
});

describe(tensorViews.name, () => {
  it('returns subarray views per tensor without copying', () => {
    const w = createWeights([{ name: 'k', shape: [2, 2] }, { name: 'b', shape: [2] }], Float32Array.from([1, 2, 3, 4, 5, 6]));
    const [k, b] = tensorViews(w);
    expect(Array.from(k.data)).toEqual([1, 2, 3, 4]);
    b.data[1] = 60;
    expect(w.data[5]).toBe(60);
    expect(tensorSize([2, 3, 4])).toBe(24);
  });

  it('createWeights refuses data of the wrong length', () => {
    expect(() => createWeights([{ name: 'k', shape: [2] }], new Float32Array(3))).toThrow(expect.objectContaining({ code: 'WRONG_SHAPE' }));
  });
});
