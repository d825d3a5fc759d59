import type { ModelWeights } from '@fl/fl-core';
import { flippedLabels, gaussianNoise, hugeWeights, signFlipped } from './update-attacks';

const model = (data: number[]): ModelWeights => ({ layout: [{ name: 'w', shape: [data.length] }] as ModelWeights['layout'], data: Float32Array.from(data) });

describe('update attacks', () => {
  it('sign flip: x_t − 10·(x_k − x_t), per coordinate', () => {
    const out = signFlipped(model([1, 0, -2]), model([1.5, -0.25, -2]));
    expect(Array.from(out.data)).toEqual([-4, 2.5, -2]);
  });

  it('sign flip refuses weights of another size', () => {
    expect(() => signFlipped(model([1, 2]), model([1]))).toThrow('1 values');
  });

  it('huge: 1e30 in every coordinate, the layout kept', () => {
    const g = model([0.1, 0.2, 0.3]);
    const out = hugeWeights(g);
    expect(out.layout).toBe(g.layout);
    expect(Array.from(out.data)).toEqual([1e30, 1e30, 1e30].map(Math.fround));
  });

  it('noise: x_t + N(0, 1) per coordinate, deterministic for the seed, different for another', () => {
    const g = model(Array.from({ length: 20_001 }, () => 0.5));
    const a = gaussianNoise(g, 7);
    expect(Array.from(gaussianNoise(g, 7).data)).toEqual(Array.from(a.data));
    expect(Array.from(gaussianNoise(g, 8).data)).not.toEqual(Array.from(a.data));
    const d = Array.from(a.data, (v) => v - 0.5);
    const mean = d.reduce((s, v) => s + v, 0) / d.length;
    const variance = d.reduce((s, v) => s + (v - mean) ** 2, 0) / d.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeGreaterThan(0.95);
    expect(variance).toBeLessThan(1.05);
    expect(d.every(Number.isFinite)).toBe(true);
  });

  it('label flip: y ↦ C − 1 − y, the original untouched', () => {
    const ds = { y: Int32Array.of(0, 3, 9, 5), numClasses: 10, x: new Float32Array(4) };
    const out = flippedLabels(ds);
    expect(Array.from(out.y)).toEqual([9, 6, 0, 4]);
    expect(out.x).toBe(ds.x);
    expect(Array.from(ds.y)).toEqual([0, 3, 9, 5]);
  });
});
