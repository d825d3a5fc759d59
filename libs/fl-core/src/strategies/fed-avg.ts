/**
 * @module strategies/fed-avg
 * FedAvg — McMahan, Moore, Ramage, Hampson, Agüera y Arcas, "Communication-
 * Efficient Learning of Deep Networks from Decentralized Data", AISTATS 2017
 * (arXiv 1602.05629).
 *
 * Rule: x_{t+1} = x_t + Σ_{k∈A} p_k·Δ_k with p_k = w_k / Σ_{j∈A} w_j and server
 * learning rate η_s = 1, where A is the set of results actually aggregated
 * (not the sampled cohort).
 *
 * - **n_k is the number of local training examples** of client k (not examples
 *   processed, not local steps). The weight w_k is `fedAvgWeight(n_k, cap)`:
 *   n_k, or min(n_k/ŵ, 1) with a cap.
 * - **Updates, not weights, are averaged:** the input is Σ w_k·(x_k − x_t). For
 *   plain FedAvg the result equals averaging weights, but server optimisers,
 *   DP, secure-aggregation quantisation and robust rules all need Δ_k.
 * - Pair with uniform cohort sampling; sampling ∝ n_k and weighting by n_k
 *   would count n_k twice.
 * - No state beyond the step counter. Options: none.
 */
import type { StrategyName } from '@fl/protocol';
import type { AggregateInput } from '../aggregation/aggregate-input';
import { applyDelta, meanDelta } from '../aggregation/mean';
import type { ModelWeights } from '../weights/model-weights';
import { checkAggregateArgs } from './check-input';
import type { AggregateResult, ClientHyper, Strategy, StrategyState } from './strategy';
import { checkStep } from './strategy-state';

export class FedAvg implements Strategy {
  readonly name: StrategyName = 'fedavg';
  readonly needsIndividualUpdates = false;

  clientHyper(): ClientHyper {
    return { proximalMu: 0 };
  }

  initState(_global: ModelWeights): StrategyState {
    return { step: 0, tensors: {} };
  }

  aggregate(global: ModelWeights, input: AggregateInput, state: StrategyState): AggregateResult {
    checkStep(state);
    checkAggregateArgs(global, input);
    const data = applyDelta(global.data, meanDelta(input));
    return { weights: { layout: global.layout, data }, state: { step: state.step + 1, tensors: {} } };
  }
}
