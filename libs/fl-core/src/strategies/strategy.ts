/**
 * @module strategies/strategy
 * The server-side strategy contract (after Flower's `strategy.py`).
 *
 * - A strategy sees only the round's weighted update sum (`AggregateInput`),
 *   never an individual update, and cannot tell whether secure aggregation
 *   produced that sum. Rules that need individual updates (robust
 *   aggregation) say so with `needsIndividualUpdates` and are refused with
 *   secure aggregation.
 * - `aggregate` is pure: it neither mutates the global model nor the given
 *   state, and returns the new model together with the new state, which the
 *   caller persists atomically with the model (Reddi et al., ICLR 2021). When it
 *   throws, the round fails and x_t and the old state are kept.
 */
import type { StrategyName } from '@fl/protocol';
import type { AggregateInput } from '../aggregation/aggregate-input';
import type { ModelWeights } from '../weights/model-weights';

/** Server optimiser state: named Float32 tensors (one entry per parameter) and the step t. */
export interface StrategyState {
  /** Number of successful aggregations so far. */
  step: number;
  tensors: Record<string, Float32Array>;
}

/** Hyper-parameters the strategy sends to training clients. */
export interface ClientHyper {
  /** FedProx μ; 0 for every other strategy. */
  proximalMu: number;
}

export interface AggregateResult {
  weights: ModelWeights;
  state: StrategyState;
}

export interface Strategy {
  readonly name: StrategyName;
  readonly needsIndividualUpdates: boolean;
  clientHyper(): ClientHyper;
  /** State before the first round, for a model of `global`'s size. */
  initState(global: ModelWeights): StrategyState;
  /**
   * x_{t+1} from x_t and the round's weighted update sum.
   * @throws AggregationError NO_RESULTS / NON_FINITE / BAD_STATE, WeightsError WRONG_SHAPE.
   */
  aggregate(global: ModelWeights, input: AggregateInput, state: StrategyState): AggregateResult;
}
