import { toPredictions } from './predictions';

describe(toPredictions.name, () => {
  it('splits a packed batch into rows and takes each argmax', () => {
    const r = toPredictions(new Float32Array([0.1, 0.7, 0.2, 0.5, 0.25, 0.25]), 2);
    expect(r.argmax).toEqual([1, 0]);
    expect(r.predictions.map((p) => p.map((x) => Math.round(x * 100)))).toEqual([[10, 70, 20], [50, 25, 25]]);
  });
});
