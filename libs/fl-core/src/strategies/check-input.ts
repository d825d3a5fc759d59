/**
 * @module strategies/check-input
 * Guards shared by every strategy's `aggregate`.
 */
import { WeightsError } from '../errors/weights-error';
import type { AggregateInput } from '../aggregation/aggregate-input';
import { parameterCount } from '../weights/layout';
import type { ModelWeights } from '../weights/model-weights';

/** Checks that global model and update sum agree in size; returns the parameter count. */
export function checkAggregateArgs(global: ModelWeights, input: AggregateInput): number {
  const n = parameterCount(global.layout);
  if (global.data.length !== n) throw new WeightsError('WRONG_SHAPE', `global layout has ${n} parameters, data ${global.data.length}`);
  if (input.deltaSum.length !== n) throw new WeightsError('WRONG_SHAPE', `update sum has ${input.deltaSum.length} entries, the model ${n}`);
  return n;
}
