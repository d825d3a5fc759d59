import type { TensorSpec } from '@fl/protocol';
import { FedAvg } from './fed-avg';
import { FedProx } from './fed-prox';

const layout: TensorSpec[] = [{ name: 'w', shape: [2] }];

describe(FedProx.name, () => {
  it('sends μ to clients', () => {
    expect(new FedProx(0.1).clientHyper()).toEqual({ proximalMu: 0.1 });
    expect(new FedProx().clientHyper()).toEqual({ proximalMu: 0.01 });
    expect(new FedProx().name).toBe('fedprox');
  });

  it('aggregates exactly like FedAvg', () => {
    const global = { layout, data: Float32Array.of(0.25, -1) };
    const input = { deltaSum: Float64Array.of(10, 14), weightSum: 4, count: 2 };
    const prox = new FedProx(1).aggregate(global, input, { step: 0, tensors: {} });
    const avg = new FedAvg().aggregate(global, input, { step: 0, tensors: {} });
    expect(prox).toEqual(avg);
  });

  it('refuses a negative or non-finite μ', () => {
    expect(() => new FedProx(-0.1)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => new FedProx(NaN)).toThrow(/proximalMu/);
  });
});
