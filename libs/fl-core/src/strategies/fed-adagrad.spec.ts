import { serializeWeights } from '../weights/serialize';
import { deserializeWeights } from '../weights/deserialize';
import { FedAdagrad } from './fed-adagrad';
import { expectClose, jsonRoundTrip, twoRounds } from './fed-opt.fixture';
import { strategyStateFromWeights, strategyStateToWeights } from './strategy-state';
import { createStrategy } from './strategy.factory';

// η = 0.1, β1 = 0.9, τ = 0.1 → v_0 = 0.01. Δ̄_1 = [0.5, −0.25, 1], Δ̄_2 = [0.125, 0.375, −2].
const config = { name: 'fedadagrad', serverLearningRate: 0.1, beta1: 0.9, tau: 0.1 } as const;
// v_1 = 0.01 + Δ̄_1²
const v1 = [0.26, 0.0725, 1.01];
const x1 = [1 + (0.1 * 0.05) / (Math.sqrt(0.26) + 0.1), -1 + (0.1 * -0.025) / (Math.sqrt(0.0725) + 0.1), (0.1 * 0.1) / (Math.sqrt(1.01) + 0.1)];
// v_2 = v_1 + Δ̄_2²; m_2 = 0.9·m_1 + 0.1·Δ̄_2
const v2 = [0.275625, 0.213125, 5.01];
const m2 = [0.0575, 0.015, -0.11];
const x2 = x1.map((x, i) => x + (0.1 * m2[i]) / (Math.sqrt(v2[i]) + 0.1));

describe(FedAdagrad.name, () => {
  it('matches hand-computed values over two rounds', () => {
    const { r1, r2 } = twoRounds(createStrategy(config));
    expectClose(r1.state.tensors.v, v1);
    expectClose(r1.weights.data, x1);
    expectClose(r2.state.tensors.v, v2);
    expectClose(r2.state.tensors.m, m2);
    expectClose(r2.weights.data, x2);
  });

  it('gives identical results after a JSON save/restore of the state into a new instance', () => {
    const straight = twoRounds(createStrategy(config)).r2;
    expect(twoRounds(createStrategy(config), { second: createStrategy(config), restore: jsonRoundTrip }).r2).toEqual(straight);
  });

  it('gives identical results after a binary save/restore (FLW1 weights + step)', () => {
    const straight = twoRounds(createStrategy(config)).r2;
    const viaBinary = (s: { step: number; tensors: Record<string, Float32Array> }) =>
      strategyStateFromWeights(deserializeWeights(serializeWeights(strategyStateToWeights(s))), s.step);
    expect(twoRounds(createStrategy(config), { restore: viaBinary }).r2).toEqual(straight);
  });

  it('documents its defaults (β2 does not apply)', () => {
    expect(new FedAdagrad().options).toMatchObject({ serverLearningRate: 0.1, beta1: 0.9, tau: 1e-3 });
  });
});
