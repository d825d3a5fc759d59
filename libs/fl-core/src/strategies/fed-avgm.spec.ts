import type { TensorSpec } from '@fl/protocol';
import type { ModelWeights } from '../weights/model-weights';
import { FedAvg } from './fed-avg';
import { FedAvgM } from './fed-avgm';

const layout: TensorSpec[] = [{ name: 'w', shape: [3] }];
const rounds = [
  { deltaSum: Float64Array.of(0.3, -1.7, 2.25), weightSum: 3, count: 2 },
  { deltaSum: Float64Array.of(-0.1, 0.4, 1e-3), weightSum: 1.5, count: 1 },
];

describe(FedAvgM.name, () => {
  it('equals FedAvg exactly with β = 0 and η = 1, round after round', () => {
    const m = new FedAvgM({ serverLearningRate: 1, momentum: 0 });
    const a = new FedAvg();
    let gm: ModelWeights = { layout, data: Float32Array.of(0.1, 0.2, 0.3) };
    let ga = gm;
    let sm = m.initState(gm);
    let sa = a.initState(ga);
    for (const input of rounds) {
      const rm = m.aggregate(gm, input, sm);
      const ra = a.aggregate(ga, input, sa);
      expect(Array.from(rm.weights.data)).toEqual(Array.from(ra.weights.data));
      ({ weights: gm, state: sm } = rm);
      ({ weights: ga, state: sa } = ra);
    }
  });

  it('hand-computed momentum: v ← βv − Δ̄, x ← x − ηv', () => {
    const s = new FedAvgM({ serverLearningRate: 0.5, momentum: 0.9 });
    const g0 = { layout: [{ name: 'w', shape: [1] }], data: Float32Array.of(1) };
    // round 1: Δ̄ = 0.5 → v1 = −0.5, x1 = 1 + 0.25 = 1.25
    const r1 = s.aggregate(g0, { deltaSum: Float64Array.of(1), weightSum: 2, count: 2 }, s.initState(g0));
    expect(r1.weights.data[0]).toBe(1.25);
    expect(r1.state.tensors.momentum[0]).toBe(-0.5);
    // round 2: Δ̄ = 0.25 → v2 = −0.45 − 0.25 = −0.7, x2 = 1.25 + 0.35 = 1.6
    const r2 = s.aggregate(r1.weights, { deltaSum: Float64Array.of(0.25), weightSum: 1, count: 1 }, r1.state);
    expect(r2.state.tensors.momentum[0]).toBeCloseTo(-0.7, 6);
    expect(r2.weights.data[0]).toBeCloseTo(1.6, 6);
    expect(r2.state.step).toBe(2);
  });

  it('documents its defaults and refuses bad options', () => {
    expect(new FedAvgM().options).toEqual({ serverLearningRate: 0.1, momentum: 0.9 });
    expect(() => new FedAvgM({ momentum: 1 })).toThrow(/momentum must be a finite number in \[0, 1\)/);
    expect(() => new FedAvgM({ serverLearningRate: 0 })).toThrow(/serverLearningRate/);
  });

  it('refuses state without a momentum tensor of the model size', () => {
    const s = new FedAvgM();
    const g = { layout, data: new Float32Array(3) };
    expect(() => s.aggregate(g, rounds[0], { step: 0, tensors: {} })).toThrow(expect.objectContaining({ code: 'BAD_STATE' }));
    expect(() => s.aggregate(g, rounds[0], { step: 0, tensors: { momentum: new Float32Array(2) } })).toThrow(expect.objectContaining({ code: 'BAD_STATE' }));
  });
});
