import { AggregationError } from '../errors/aggregation-error';
import { WeightsError } from '../errors/weights-error';
import { createRng } from '../sampling/rng';
import { meanDelta, weightedMean } from './mean';
import { WeightedDeltaSum } from './weighted-delta-sum';
import { describeBackends } from '../kernels/kernels.fixture';

describe(WeightedDeltaSum.name, () => {
  describeBackends('backend', (backend) => {
    it('runs on the selected backend', () => {
      expect(new WeightedDeltaSum(Float32Array.of(0)).backend).toBe(backend);
    });

    it('accumulates Σ w_k·(x_k − x_t) with count and weight sum', () => {
      // Prepare
      const global = Float32Array.of(1, 1);
      const sum = new WeightedDeltaSum(global);
      // Execute
      sum.add(Float32Array.of(2, 3), 1); // Δ = [1, 2]
      sum.add(Float32Array.of(0, 1), 3); // Δ = [-1, 0]
      // Assert
      expect(Array.from(sum.deltaSum)).toEqual([1 - 3, 2]);
      expect(sum.count).toBe(2);
      expect(sum.weightSum).toBe(4);
      expect(sum.toInput()).toEqual({ deltaSum: sum.deltaSum, weightSum: 4, count: 2 });
    });

    it('equals the weighted mean of updates computed in one batch', () => {
      const rng = createRng(7);
      const n = 1000;
      const global = Float32Array.from({ length: n }, () => rng.next() - 0.5);
      const clients = Array.from({ length: 5 }, () => Float32Array.from(global, (g) => g + (rng.next() - 0.5) * 0.1));
      const weights = [3, 10, 1, 7, 0.5];
      const sum = new WeightedDeltaSum(global);
      clients.forEach((c, k) => sum.add(c, weights[k]));
      const streamed = meanDelta(sum);
      const batch = weightedMean(clients.map((c) => Float64Array.from(c, (x, i) => x - global[i])), weights);
      for (let i = 0; i < n; i++) expect(streamed[i]).toBeCloseTo(batch[i], 12);
    });

    it('accumulates in Float64: tiny updates on a large base do not vanish', () => {
      const sum = new WeightedDeltaSum(Float32Array.of(0));
      for (let k = 0; k < 1000; k++) sum.add(Float32Array.of(1e-8), 1);
      sum.add(Float32Array.of(1), 1);
      expect(sum.deltaSum[0]).toBeCloseTo(1 + 1000 * Math.fround(1e-8), 15);
    });

    it.each([0, -1, NaN, Infinity, '2' as unknown as number])('refuses weight %p with BAD_WEIGHT and leaves the sum untouched', (w) => {
      const sum = new WeightedDeltaSum(Float32Array.of(0, 0));
      expect(() => sum.add(Float32Array.of(1, 1), w)).toThrow(AggregationError);
      expect(() => sum.add(Float32Array.of(1, 1), w)).toThrow(expect.objectContaining({ code: 'BAD_WEIGHT' }));
      expect(sum.count).toBe(0);
      expect(Array.from(sum.deltaSum)).toEqual([0, 0]);
    });

    it('refuses an update of another length with WRONG_SHAPE', () => {
      const sum = new WeightedDeltaSum(Float32Array.of(0, 0));
      expect(() => sum.add(Float32Array.of(1), 1)).toThrow(WeightsError);
      expect(() => sum.add(Float32Array.of(1), 1)).toThrow(expect.objectContaining({ code: 'WRONG_SHAPE' }));
      expect(() => sum.add(Float64Array.of(1, 1) as unknown as Float32Array, 1)).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
    });
  });
});
