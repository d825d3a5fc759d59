import type { TensorSpec } from '@fl/protocol';
import { WeightedDeltaSum } from '../aggregation/weighted-delta-sum';
import { fedAvgWeight } from '../aggregation/fed-avg-weight';
import { FedAvg } from './fed-avg';

const layout: TensorSpec[] = [{ name: 'w', shape: [2] }];

describe(FedAvg.name, () => {
  it('known answer: [1,2] with n=1 and [3,4] with n=3 give [2.5, 3.5], not [2, 3]', () => {
    // Prepare
    const global = { layout, data: Float32Array.of(0, 0) };
    const strategy = new FedAvg();
    const sum = new WeightedDeltaSum(global.data);
    // Execute
    sum.add(Float32Array.of(1, 2), fedAvgWeight(1));
    sum.add(Float32Array.of(3, 4), fedAvgWeight(3));
    const { weights, state } = strategy.aggregate(global, sum, strategy.initState(global));
    // Assert
    expect(Array.from(weights.data)).toEqual([2.5, 3.5]);
    expect(weights.layout).toEqual(layout);
    expect(state).toEqual({ step: 1, tensors: {} });
  });

  it('averages updates: the result does not depend on the global model it started from', () => {
    const strategy = new FedAvg();
    for (const base of [Float32Array.of(0, 0), Float32Array.of(-7, 100)]) {
      const sum = new WeightedDeltaSum(base);
      sum.add(Float32Array.of(1, 2), 1);
      sum.add(Float32Array.of(3, 4), 3);
      const { weights } = strategy.aggregate({ layout, data: base }, sum, strategy.initState({ layout, data: base }));
      expect(Array.from(weights.data)).toEqual([2.5, 3.5]);
    }
  });

  it('a timed-out third client (never added) changes nothing', () => {
    const global = { layout, data: Float32Array.of(0, 0) };
    const sum = new WeightedDeltaSum(global.data);
    sum.add(Float32Array.of(1, 2), 1);
    sum.add(Float32Array.of(3, 4), 3);
    // third sampled client timed out: nothing is added for it
    expect(Array.from(new FedAvg().aggregate(global, sum, { step: 4, tensors: {} }).weights.data)).toEqual([2.5, 3.5]);
  });

  it('does not mutate the global model or the state', () => {
    const global = { layout, data: Float32Array.of(0, 0) };
    const state = { step: 0, tensors: {} };
    new FedAvg().aggregate(global, { deltaSum: Float64Array.of(1, 1), weightSum: 1, count: 1 }, state);
    expect(Array.from(global.data)).toEqual([0, 0]);
    expect(state.step).toBe(0);
  });

  it('fails the round on no results, zero weight sum or a size mismatch', () => {
    const global = { layout, data: Float32Array.of(0, 0) };
    const s = new FedAvg();
    expect(() => s.aggregate(global, new WeightedDeltaSum(global.data), s.initState(global))).toThrow(expect.objectContaining({ code: 'NO_RESULTS' }));
    expect(() => s.aggregate(global, { deltaSum: Float64Array.of(0, 0), weightSum: 0, count: 2 }, s.initState(global))).toThrow(expect.objectContaining({ code: 'NO_RESULTS' }));
    expect(() => s.aggregate(global, { deltaSum: Float64Array.of(0), weightSum: 1, count: 1 }, s.initState(global))).toThrow(expect.objectContaining({ code: 'WRONG_SHAPE' }));
    expect(() => s.aggregate(global, { deltaSum: Float64Array.of(0, 0), weightSum: 1, count: 1 }, { step: -1, tensors: {} })).toThrow(expect.objectContaining({ code: 'BAD_STATE' }));
  });

  it('needs no individual updates and sends μ = 0', () => {
    const s = new FedAvg();
    expect(s.needsIndividualUpdates).toBe(false);
    expect(s.clientHyper()).toEqual({ proximalMu: 0 });
    expect(s.name).toBe('fedavg');
  });
});
