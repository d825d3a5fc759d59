/**
 * @module strategies/fed-avgm
 * FedAvgM — Hsu, Qi, Brown, "Measuring the Effects of Non-Identical Data
 * Distribution for Federated Visual Classification", 2019 (arXiv 1909.06335).
 *
 * With g_t = x_t − x̄_{t+1} = −Δ̄ (x̄ the FedAvg result, Δ̄ the weighted mean
 * update, n_k = local training examples): v ← β·v + g_t; x_{t+1} = x_t − η·v.
 * η = 1 with β = 0 is exactly FedAvg.
 *
 * Options (default): `serverLearningRate` η > 0 (0.1), `momentum` β ∈ [0, 1)
 * (0.9). The effective step is about η/(1 − β), so the defaults match FedAvg's
 * step size of 1 (Flower's defaults are η = 1, β = 0, i.e. plain FedAvg).
 * State: tensor `momentum` (v, starts at 0) and step.
 */
import type { StrategyName } from '@fl/protocol';
import type { AggregateInput } from '../aggregation/aggregate-input';
import { meanDelta } from '../aggregation/mean';
import { AggregationError } from '../errors/aggregation-error';
import { assertNoProblems } from '../errors/invalid-argument-error';
import { firstNonFinite } from '../weights/finite';
import type { ModelWeights } from '../weights/model-weights';
import { checkAggregateArgs } from './check-input';
import type { AggregateResult, ClientHyper, Strategy, StrategyState } from './strategy';
import { checkStep, requireTensor } from './strategy-state';
import { withDefaults } from './with-defaults';
import { optionProblems } from './option-ranges';

export const FED_AVGM_DEFAULTS = { serverLearningRate: 0.1, momentum: 0.9 } as const;

export interface FedAvgMOptions {
  serverLearningRate: number;
  momentum: number;
}

export class FedAvgM implements Strategy {
  readonly name: StrategyName = 'fedavgm';
  readonly needsIndividualUpdates = false;
  readonly options: Readonly<FedAvgMOptions>;

  constructor(options: Partial<FedAvgMOptions> = {}) {
    const o = withDefaults<FedAvgMOptions>({ ...FED_AVGM_DEFAULTS }, options);
    assertNoProblems('FedAvgM', optionProblems({ serverLearningRate: o.serverLearningRate, momentum: o.momentum }));
    this.options = Object.freeze(o);
  }

  clientHyper(): ClientHyper {
    return { proximalMu: 0 };
  }

  initState(global: ModelWeights): StrategyState {
    return { step: 0, tensors: { momentum: new Float32Array(global.data.length) } };
  }

  aggregate(global: ModelWeights, input: AggregateInput, state: StrategyState): AggregateResult {
    checkStep(state);
    const n = checkAggregateArgs(global, input);
    const v = requireTensor(state, 'momentum', n);
    const delta = meanDelta(input);
    const { serverLearningRate: eta, momentum: beta } = this.options;
    const x = global.data;
    const out = new Float32Array(n);
    const vNext = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const vi = beta * v[i] - delta[i]; // g = −Δ̄
      vNext[i] = vi;
      out[i] = x[i] - eta * vi;
    }
    const bad = firstNonFinite(out);
    if (bad >= 0 || firstNonFinite(vNext) >= 0) throw new AggregationError('NON_FINITE', `FedAvgM produced NaN/Inf (index ${bad})`);
    return { weights: { layout: global.layout, data: out }, state: { step: state.step + 1, tensors: { momentum: vNext } } };
  }
}
