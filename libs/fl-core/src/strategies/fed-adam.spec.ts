import { FedAdam } from './fed-adam';
import { expectClose, jsonRoundTrip, twoRounds } from './fed-opt.fixture';
import { createStrategy } from './strategy.factory';

// η = 0.1, β1 = 0.9, β2 = 0.99, τ = 0.1 → v_0 = τ² = 0.01. Δ̄_1 = [0.5, −0.25, 1], Δ̄_2 = [0.125, 0.375, −2].
const config = { name: 'fedadam', serverLearningRate: 0.1, beta1: 0.9, beta2: 0.99, tau: 0.1 } as const;
// m_1 = 0.1·Δ̄_1; v_1 = 0.99·0.01 + 0.01·Δ̄_1²
const m1 = [0.05, -0.025, 0.1];
const v1 = [0.0124, 0.010525, 0.0199];
const x1 = [1 + (0.1 * 0.05) / (Math.sqrt(0.0124) + 0.1), -1 + (0.1 * -0.025) / (Math.sqrt(0.010525) + 0.1), 0 + (0.1 * 0.1) / (Math.sqrt(0.0199) + 0.1)];
// m_2 = 0.9·m_1 + 0.1·Δ̄_2; v_2 = 0.99·v_1 + 0.01·Δ̄_2²
const m2 = [0.0575, 0.015, -0.11];
const v2 = [0.01243225, 0.011826, 0.059701];
const x2 = x1.map((x, i) => x + (0.1 * m2[i]) / (Math.sqrt(v2[i]) + 0.1));

describe(FedAdam.name, () => {
  it('matches hand-computed values over two rounds (no bias correction, v_0 = τ²)', () => {
    const { r1, r2 } = twoRounds(createStrategy(config));
    expectClose(r1.state.tensors.m, m1);
    expectClose(r1.state.tensors.v, v1);
    expectClose(r1.weights.data, x1);
    expectClose(r2.state.tensors.m, m2);
    expectClose(r2.state.tensors.v, v2);
    expectClose(r2.weights.data, x2);
    expect(r2.state.step).toBe(2);
    expect(x2[0]).toBeCloseTo(1.0508436, 6); // sanity on the hand arithmetic
  });

  it('gives identical results after a JSON save/restore of the state into a new instance', () => {
    const straight = twoRounds(createStrategy(config)).r2;
    const restored = twoRounds(createStrategy(config), { second: createStrategy(config), restore: jsonRoundTrip }).r2;
    expect(restored).toEqual(straight);
  });

  it('fails on state from another strategy instead of silently resetting', () => {
    const s = new FedAdam();
    const g = { layout: [{ name: 'w', shape: [1] }], data: Float32Array.of(0) };
    const input = { deltaSum: Float64Array.of(1), weightSum: 1, count: 1 };
    expect(() => s.aggregate(g, input, { step: 1, tensors: { momentum: Float32Array.of(0) } })).toThrow(expect.objectContaining({ code: 'BAD_STATE' }));
  });

  it('documents its defaults and initialises m = 0, v = τ²', () => {
    const s = new FedAdam();
    expect(s.options).toEqual({ serverLearningRate: 0.01, beta1: 0.9, beta2: 0.99, tau: 1e-3 });
    const st = s.initState({ layout: [{ name: 'w', shape: [2] }], data: new Float32Array(2) });
    expect(Array.from(st.tensors.m)).toEqual([0, 0]);
    expect(Array.from(st.tensors.v)).toEqual([Math.fround(1e-6), Math.fround(1e-6)]);
    expect(s.needsIndividualUpdates).toBe(false);
  });
});
