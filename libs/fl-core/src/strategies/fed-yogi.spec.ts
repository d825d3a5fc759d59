import { FedYogi } from './fed-yogi';
import { expectClose, jsonRoundTrip, twoRounds } from './fed-opt.fixture';
import { createStrategy } from './strategy.factory';

// η = 0.1, β1 = 0.9, β2 = 0.99, τ = 0.5 → v_0 = 0.25. Δ̄_1 = [0.5, −0.25, 1], Δ̄_2 = [0.125, 0.375, −2].
// Covers all three branches of sign(v − Δ²): 0, +1 (v shrinks) and −1 (v grows).
const config = { name: 'fedyogi', serverLearningRate: 0.1, beta1: 0.9, beta2: 0.99, tau: 0.5 } as const;
// Δ̄_1² = [0.25, 0.0625, 1]; sign(0.25 − Δ̄_1²) = [0, +1, −1]
const v1 = [0.25, 0.25 - 0.01 * 0.0625, 0.25 + 0.01 * 1]; // [0.25, 0.249375, 0.26]
const m1 = [0.05, -0.025, 0.1];
const x1 = [1 + (0.1 * 0.05) / (0.5 + 0.5), -1 + (0.1 * -0.025) / (Math.sqrt(0.249375) + 0.5), (0.1 * 0.1) / (Math.sqrt(0.26) + 0.5)];
// Δ̄_2² = [0.015625, 0.140625, 4]; sign(v_1 − Δ̄_2²) = [+1, +1, −1]
const v2 = [0.25 - 0.01 * 0.015625, 0.249375 - 0.01 * 0.140625, 0.26 + 0.01 * 4]; // [0.24984375, 0.24796875, 0.3]
const m2 = [0.0575, 0.015, -0.11];
const x2 = x1.map((x, i) => x + (0.1 * m2[i]) / (Math.sqrt(v2[i]) + 0.5));

describe(FedYogi.name, () => {
  it('matches hand-computed values over two rounds', () => {
    const { r1, r2 } = twoRounds(createStrategy(config));
    expectClose(r1.state.tensors.v, v1);
    expectClose(r1.state.tensors.m, m1);
    expectClose(r1.weights.data, x1);
    expect(r1.weights.data[0]).toBeCloseTo(1.005, 6);
    expectClose(r2.state.tensors.v, v2);
    expectClose(r2.state.tensors.m, m2);
    expectClose(r2.weights.data, x2);
  });

  it('gives identical results after a JSON save/restore of the state into a new instance', () => {
    const straight = twoRounds(createStrategy(config)).r2;
    const restored = twoRounds(createStrategy(config), { second: createStrategy(config), restore: jsonRoundTrip }).r2;
    expect(restored).toEqual(straight);
  });

  it('documents its defaults', () => {
    expect(new FedYogi().options).toEqual({ serverLearningRate: 0.01, beta1: 0.9, beta2: 0.99, tau: 1e-3 });
    expect(new FedYogi().name).toBe('fedyogi');
  });
});
