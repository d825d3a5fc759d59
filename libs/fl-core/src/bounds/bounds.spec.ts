import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { WeightedDeltaSum } from '../aggregation/weighted-delta-sum';
import { serializeWeights } from '../weights/serialize';
import { median, medianMultipleBound, quantileBound } from './adaptive-bound';
import { clipFactor, l2DeltaNorm, l2Norm } from './l2-norm';
import { updateBoundProblems, UpdateBoundTally, type UpdateBoundPolicy } from './update-bound';

const policy = (o: Partial<UpdateBoundPolicy> = {}): UpdateBoundPolicy => ({ action: 'clip', rule: 'fixed', norm: 1, multiple: 3, targetQuantile: 0.5, learningRate: 0.2, ...o });

describe('L2 norms and the clip factor', () => {
  it('gives known answers', () => {
    expect(l2DeltaNorm(Float32Array.of(4, 6, 1), Float32Array.of(1, 2, 1))).toBe(5);
    expect(l2Norm([3, 4])).toBe(5);
    expect(clipFactor(5, 2)).toBe(0.4);
    expect(clipFactor(2, 2)).toBe(1);
    expect(clipFactor(0, 2)).toBe(1);
    // Float32 extremes never overflow the Float64 accumulator.
    expect(l2DeltaNorm(Float32Array.of(3e38, 3e38), Float32Array.of(0, 0)) / (Math.SQRT2 * Math.fround(3e38))).toBeCloseTo(1, 12);
    expect(l2DeltaNorm([NaN], [0])).toBeNaN();
  });

  it('refuses bad bounds and mismatched lengths', () => {
    for (const b of [0, -1, Infinity, NaN]) expect(() => clipFactor(1, b)).toThrow(InvalidArgumentError);
    expect(() => clipFactor(-1, 1)).toThrow(InvalidArgumentError);
    expect(() => l2DeltaNorm([1, 2], [1])).toThrow(InvalidArgumentError);
  });
});

describe('adaptive bounds', () => {
  it('median and median multiple', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(medianMultipleBound([1, 2, 1e30], 3, 10)).toBe(6); // one huge norm does not move the median
    expect(medianMultipleBound([0, 0, 0], 3, 10)).toBe(10); // a zero median keeps the previous bound
    expect(() => median([])).toThrow(InvalidArgumentError);
    expect(() => medianMultipleBound([1], 0, 1)).toThrow(InvalidArgumentError);
  });

  it('quantile rule of Andrew et al. (2021): known answers and the direction test', () => {
    // No update unclipped (b̃ = 0): C · e^{η·γ}; all unclipped (b̃ = 1): C · e^{−η·(1−γ)}; at the target: unchanged.
    expect(quantileBound({ bound: 1, unclipped: 0, count: 4, targetQuantile: 0.5, learningRate: 0.2 })).toBeCloseTo(1.1051709180756477, 15);
    expect(quantileBound({ bound: 1, unclipped: 4, count: 4, targetQuantile: 0.5, learningRate: 0.2 })).toBeCloseTo(0.9048374180359595, 15);
    expect(quantileBound({ bound: 2, unclipped: 2, count: 4, targetQuantile: 0.5, learningRate: 0.2 })).toBe(2);
    // Norms of ~4,700 against C = 0.1: C must rise, round after round.
    let c = 0.1;
    for (let r = 0; r < 3; r++) {
      const t = new UpdateBoundTally(policy({ rule: 'quantile' }), c);
      for (let i = 0; i < 5; i++) t.count(4700, t.judge(4700));
      const next = t.next()!;
      expect(next).toBeCloseTo(c * Math.exp(0.1), 12);
      c = next;
    }
    expect(() => quantileBound({ bound: 1, unclipped: 5, count: 4, targetQuantile: 0.5, learningRate: 0.2 })).toThrow(InvalidArgumentError);
    expect(() => quantileBound({ bound: 1, unclipped: 0, count: 4, targetQuantile: 1, learningRate: 0.2 })).toThrow(InvalidArgumentError);
  });
});

describe('UpdateBoundTally', () => {
  it('clips and counts as updates arrive (fixed rule)', () => {
    const t = new UpdateBoundTally(policy({ rule: 'fixed', norm: 2 }), 2);
    expect(t.deferred).toBe(false);
    for (const n of [1, 4, 1e30]) t.count(n, t.judge(n));
    expect(t.judge(4)).toBe(0.5);
    expect(t.counts).toEqual({ action: 'clip', rule: 'fixed', bound: 2, measured: 3, clipped: 2, refused: 0, maxNorm: 1e30, medianNorm: 4, nextBound: 2 });
  });

  it('`median` settles on the round\'s own median norm: two outliers neither raise the bound nor escape it', () => {
    // Norms 1..6 and two outliers; sorted median (4 + 5) / 2 = 4.5, so C = 1 × 4.5.
    const t = new UpdateBoundTally(policy({ rule: 'median', multiple: 1, norm: 100 }), 100);
    expect(t.deferred).toBe(true);
    expect(t.counts.bound).toBeNull();
    const factors = t.settle([1, 2, 3, 4, 5, 6, 500, 1e6]);
    expect(factors).toEqual([1, 1, 1, 1, 0.9, 0.75, 0.009, 4.5e-6]);
    expect(t.counts).toEqual({ action: 'clip', rule: 'median', bound: 4.5, measured: 8, clipped: 4, refused: 0, maxNorm: 1e6, medianNorm: 4.5, nextBound: 4.5 });
    expect(() => t.settle([1])).toThrow(InvalidArgumentError);
    // Multiple 1.5: C = 6.75; under `refuse` the two outliers are refused.
    const r = new UpdateBoundTally(policy({ rule: 'median', multiple: 1.5, action: 'refuse' }), 1);
    expect(r.settle([1, 2, 3, 4, 5, 6, 500, 1e6])).toEqual([1, 1, 1, 1, 1, 1, null, null]);
    expect(r.counts).toMatchObject({ bound: 6.75, refused: 2, clipped: 0 });
    // A zero median (most updates empty) falls back to `norm`; NaN norms are left to the sum to refuse.
    const z = new UpdateBoundTally(policy({ rule: 'median', multiple: 1, norm: 2 }), 2);
    expect(z.settle([0, 0, 4, NaN])).toEqual([1, 1, 0.5, 1]);
    expect(z.counts).toMatchObject({ bound: 2, measured: 3, clipped: 1 });
    // Other rules judge as updates arrive.
    expect(() => new UpdateBoundTally(policy({ rule: 'quantile' }), 1).settle([1])).toThrow(InvalidArgumentError);
    expect(new UpdateBoundTally(policy({ rule: 'median', action: 'off' }), NaN).deferred).toBe(false);
  });

  it('refuses above the bound under `refuse`, and does nothing under `off`', () => {
    const r = new UpdateBoundTally(policy({ action: 'refuse' }), 1);
    expect(r.judge(1)).toBe(1);
    expect(r.judge(1.0001)).toBeNull();
    r.count(3, null);
    expect(r.counts).toMatchObject({ refused: 1, clipped: 0, nextBound: 1 });
    const off = new UpdateBoundTally(policy({ action: 'off' }), NaN);
    expect(off.judge(1e30)).toBe(1);
    expect(off.counts.bound).toBeNull();
  });

  it('validates the policy', () => {
    expect(updateBoundProblems(policy())).toEqual([]);
    expect(updateBoundProblems(policy({ norm: 0, rule: 'x' as never }))).toHaveLength(2);
    expect(() => new UpdateBoundTally(policy(), 0)).toThrow(InvalidArgumentError);
  });
});

describe('WeightedDeltaSum.addSerialized with a bound', () => {
  const layout = [{ name: 'w', shape: [2] }];
  const bytes = (a: number, b: number) => serializeWeights({ layout, data: Float32Array.of(a, b) });

  it('scales the delta but keeps the weight; refuses without touching the sum', () => {
    const sum = new WeightedDeltaSum(Float32Array.of(1, 1));
    const norms: number[] = [];
    sum.addSerialized(bytes(4, 5), 2, layout, (n) => (norms.push(n), clipFactor(n, 1))); // Δ = (3, 4), ‖Δ‖ = 5 → (0.6, 0.8)
    expect(norms).toEqual([5]);
    expect(Array.from(sum.deltaSum)).toEqual([expect.closeTo(1.2, 12), expect.closeTo(1.6, 12)]);
    expect(sum.weightSum).toBe(2);
    expect(() => sum.addSerialized(bytes(100, 100), 1, layout, () => null)).toThrow(expect.objectContaining({ code: 'UPDATE_TOO_LARGE' }));
    expect(() => sum.addSerialized(bytes(100, 100), 1, layout, () => 2)).toThrow(InvalidArgumentError);
    expect(sum.count).toBe(1);
    expect(sum.weightSum).toBe(2);
    expect(Array.from(sum.deltaSum)).toEqual([expect.closeTo(1.2, 12), expect.closeTo(1.6, 12)]);
    expect(() => sum.addSerialized(bytes(NaN, 1), 1, layout, () => 1)).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    sum.dispose();
  });
});
