/**
 * @module strategies/robust-strategy
 * What the robust rules (FedMedian, FedTrimmedAvg, Krum, Bulyan) share. They
 * work on the individual updates Δ_k = x_k − x_t (`AggregateInput.updates`),
 * never on full weights, and return x_{t+1} = x_t + rule(Δ_1 … Δ_n):
 *
 * - They need plaintext updates, so they set `needsIndividualUpdates`, and a
 *   job combining them with secure aggregation is refused (jobs/job-config).
 * - They check their precondition (`robustRequirement`) against the updates
 *   actually received and fail the round with PRECONDITION rather than
 *   produce NaN; a missing update list, a length mismatch or a non-finite
 *   value fails it too.
 * - They keep no state beyond the step counter.
 */
import type { StrategyConfig, StrategyName } from '@fl/protocol';
import type { AggregateInput } from '../aggregation/aggregate-input';
import { applyDelta } from '../aggregation/mean';
import { AggregationError } from '../errors/aggregation-error';
import { WeightsError } from '../errors/weights-error';
import { parameterCount } from '../weights/layout';
import type { ModelWeights } from '../weights/model-weights';
import type { AggregateResult, ClientHyper, Strategy, StrategyState } from './strategy';
import { checkStep } from './strategy-state';
import { robustRequirement } from './robust-requirements';

export abstract class RobustStrategy implements Strategy {
  abstract readonly name: StrategyName;
  readonly needsIndividualUpdates = true;

  /** The robust aggregate update (Float64, length P) of n ≥ `robustRequirement` updates. */
  protected abstract combine(updates: Float32Array[], P: number): Float64Array;

  /** This strategy's options as a job config (for its precondition). */
  protected abstract config(): StrategyConfig;

  clientHyper(): ClientHyper {
    return { proximalMu: 0 };
  }

  initState(_global: ModelWeights): StrategyState {
    return { step: 0, tensors: {} };
  }

  aggregate(global: ModelWeights, input: AggregateInput, state: StrategyState): AggregateResult {
    checkStep(state);
    const P = parameterCount(global.layout);
    if (global.data.length !== P) throw new WeightsError('WRONG_SHAPE', `global layout has ${P} parameters, data ${global.data.length}`);
    const updates = input.updates;
    if (!updates) throw new AggregationError('PRECONDITION', `${this.name} needs the individual updates; this round only has their sum (secure aggregation cannot run robust rules)`);
    updates.forEach((u, k) => {
      if (u.length !== P) throw new WeightsError('WRONG_SHAPE', `update ${k} has ${u.length} entries, the model ${P}`);
    });
    const req = robustRequirement(this.config())!;
    if (updates.length === 0) throw new AggregationError('NO_RESULTS', 'no results to aggregate');
    if (updates.length < req.min)
      throw new AggregationError('PRECONDITION', `${this.name} needs ${req.rule}, i.e. at least ${req.min} updates; the round received ${updates.length}`);
    const delta = this.combine(updates, P);
    const data = applyDelta(global.data, delta); // NON_FINITE on NaN/Inf
    return { weights: { layout: global.layout, data }, state: { step: state.step + 1, tensors: {} } };
  }
}
