import { serializeWeights } from '@fl/fl-core';
import { bitsFor, compareSecureModels } from './compare-models';

const model = (data: number[]) => serializeWeights({ layout: [{ name: 'w', shape: [data.length] }], data: Float32Array.from(data) });

describe('compareSecureModels', () => {
  it('chooses 31 − ⌈log2 n⌉ bits, as the coordinator does (@fl/secagg encodingBits)', () => {
    expect([bitsFor(1), bitsFor(2), bitsFor(3), bitsFor(50), bitsFor(2 ** 20)]).toEqual([31, 30, 29, 25, 11]);
  });

  it('accepts differences within rounds × (2 steps + 1 ulp) and refuses larger ones', () => {
    // Identical models
    expect(compareSecureModels(model([0.5, -0.25]), model([0.5, -0.25]), { rounds: 2, clip: 1, clients: 3 })).toMatchObject({ maxAbsDiff: 0, worstRatio: 0, withinBound: true });
    // n = 3 → 29 bits: the step (3.7e-9) is far below one ulp of 0.5 (2^-24 ≈ 6.0e-8), so one ulp passes a round and two do not
    expect(compareSecureModels(model([0.5]), model([0.5 + 2 ** -24]), { rounds: 1, clip: 1, clients: 3 }).withinBound).toBe(true);
    expect(compareSecureModels(model([0.5]), model([0.5 + 2 ** -23]), { rounds: 1, clip: 1, clients: 3 }).withinBound).toBe(false);
    // n = 2^20 → 11 bits: step = 2/2047 ≈ 9.77e-4, bound per round 2 steps + ulp ≈ 1.954e-3
    const bound = 2 * (2 / 2047) + 2 ** -24;
    const near = compareSecureModels(model([0.5]), model([0.5 + 1.9e-3]), { rounds: 1, clip: 1, clients: 2 ** 20 });
    expect(near.withinBound).toBe(true);
    expect(near.maxAbsDiff).toBeCloseTo(1.9e-3, 6);
    expect(near.worstRatio).toBeCloseTo(near.maxAbsDiff / bound, 9);
    expect(compareSecureModels(model([0.5]), model([0.5 + 2.1e-3]), { rounds: 1, clip: 1, clients: 2 ** 20 }).withinBound).toBe(false);
    // The bound grows with the rounds and the clip
    expect(compareSecureModels(model([0.5]), model([0.5 + 2.1e-3]), { rounds: 2, clip: 1, clients: 2 ** 20 }).withinBound).toBe(true);
    expect(compareSecureModels(model([0.5]), model([0.5 + 2.1e-3]), { rounds: 1, clip: 2, clients: 2 ** 20 }).withinBound).toBe(true);
  });

  it('refuses models of different sizes', () => {
    expect(compareSecureModels(model([1]), model([1, 2]), { rounds: 1, clip: 1, clients: 3 }).withinBound).toBe(false);
  });
});
