import { serializeWeights } from '@fl/fl-core';
import { bitsFor, compareSecureModels } from './compare-models';

const model = (data: number[]) => serializeWeights({ layout: [{ name: 'w', shape: [data.length] }], data: Float32Array.from(data) });

describe('compareSecureModels', () => {
  it('accepts differences within rounds × (2 steps + 1 ulp) and refuses larger ones', () => {
    // Prepare: n = 3 → 30 bits, step = 2/(2^30 − 1) ≈ 1.86e-9
    expect(bitsFor(3)).toBe(30);
    const step = 2 / (2 ** 30 - 1);
    // Execute / Assert
    expect(compareSecureModels(model([0.5, -0.25]), model([0.5, -0.25]), { rounds: 2, clip: 1, clients: 3 })).toMatchObject({ maxAbsDiff: 0, withinBound: true });
    expect(compareSecureModels(model([0.5]), model([0.5 + 2 ** -24]), { rounds: 1, clip: 1, clients: 3 }).withinBound).toBe(true);
    expect(compareSecureModels(model([0.5]), model([0.5 + 1e-6]), { rounds: 10, clip: 1, clients: 3 }).withinBound).toBe(false);
    expect(step).toBeLessThan(2e-9);
  });

  it('refuses models of different sizes', () => {
    expect(compareSecureModels(model([1]), model([1, 2]), { rounds: 1, clip: 1, clients: 3 }).withinBound).toBe(false);
  });
});
