/**
 * @module strategies/fed-opt.fixture
 * Test-only (excluded from the build): a two-round scenario for the server
 * optimisers with values simple enough to compute by hand.
 *
 * x_0 = [1, −1, 0].
 * Round 1 goes through the streaming sum: client A (w = 1) sends [3, −2, 4]
 * (Δ = [2, −1, 4]), client B (w = 3) sends x_0 unchanged, so
 * Δ̄_1 = [2, −1, 4]/4 = [0.5, −0.25, 1].
 * Round 2 gives the sum directly: [0.25, 0.75, −4] over weight 2, so
 * Δ̄_2 = [0.125, 0.375, −2].
 */
import type { TensorSpec } from '@fl/protocol';
import type { AggregateInput } from '../aggregation/aggregate-input';
import { WeightedDeltaSum } from '../aggregation/weighted-delta-sum';
import type { ModelWeights } from '../weights/model-weights';
import type { AggregateResult, Strategy, StrategyState } from './strategy';
import { strategyStateFromJSON, strategyStateToJSON } from './strategy-state';

export const LAYOUT: TensorSpec[] = [{ name: 'dense/kernel', shape: [3] }];
export const X0 = [1, -1, 0];

export function round1Input(global: Float32Array): AggregateInput {
  const sum = new WeightedDeltaSum(global);
  sum.add(Float32Array.of(3, -2, 4), 1);
  sum.add(Float32Array.from(global), 3);
  return sum.toInput();
}

export const ROUND2_INPUT: AggregateInput = { deltaSum: Float64Array.of(0.25, 0.75, -4), weightSum: 2, count: 2 };

/** Save and restore through JSON text, as a persistence layer would. */
export function jsonRoundTrip(state: StrategyState): StrategyState {
  return strategyStateFromJSON(JSON.parse(JSON.stringify(strategyStateToJSON(state))));
}

/**
 * Runs both rounds. With `second`, round 2 runs on that (fresh) instance and
 * on the state passed through `restore` (save/restore between rounds).
 */
export function twoRounds(
  strategy: Strategy,
  opts: { second?: Strategy; restore?: (s: StrategyState) => StrategyState } = {},
): { r1: AggregateResult; r2: AggregateResult } {
  const g0: ModelWeights = { layout: LAYOUT, data: Float32Array.from(X0) };
  const r1 = strategy.aggregate(g0, round1Input(g0.data), strategy.initState(g0));
  const state = opts.restore ? opts.restore(r1.state) : r1.state;
  const r2 = (opts.second ?? strategy).aggregate(r1.weights, ROUND2_INPUT, state);
  return { r1, r2 };
}

export function expectClose(actual: ArrayLike<number>, expected: number[], digits = 6): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e, digits));
}
