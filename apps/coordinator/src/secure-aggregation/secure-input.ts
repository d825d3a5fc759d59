/**
 * @module secure-aggregation/secure-input
 * The unmasked sum → the strategy's `AggregateInput`. Clients encode
 * `w_u·Δ_u` followed by `w_u` (docs/secure-aggregation.md "Encoding"), so the
 * decoded sums are Σ w_u·Δ_u and Σ w_u: exactly the weighted delta sum and
 * weight sum that a plain round's `WeightedDeltaSum` yields (up to
 * quantisation). Strategies therefore cannot tell that secure aggregation ran.
 *
 * Bounded influence (docs/secure-aggregation.md "Bounded influence"): the
 * weight sum is the survivors' *declared* weights, which the unmasked weight
 * word must match (`checkWeightTotal`); every coordinate is decoded centred
 * and checked against ±|survivors|·c (`decodeSumInRange`). Either failure
 * throws a SecAggError (WEIGHT_MISMATCH, SUM_OUT_OF_RANGE) and no model is
 * released.
 */
import type { AggregateInput } from '@fl/fl-core';
import { checkWeightTotal, decodeSumInRange, SecAggError, SecAggErrorCode, type QuantizerParams, type SecAggResult } from '@fl/secagg';

/**
 * @param declared each survivor's declared weight w_u ∈ [0, 1], in any order
 * @throws SecAggError WEIGHT_MISMATCH, SUM_OUT_OF_RANGE, OVERFLOW, INVALID_PARAMS (no weight)
 */
export function secureAggregateInput(result: SecAggResult, quantizer: QuantizerParams, declared: readonly number[]): AggregateInput {
  const n = result.survivors.length;
  if (declared.length !== n) throw new SecAggError(SecAggErrorCode.InvalidParams, `${declared.length} declared weights for ${n} survivors`);
  const len = result.sum.length - 1;
  const weightSum = declared.reduce((a, w) => a + w, 0);
  if (!(weightSum > 0)) throw new SecAggError(SecAggErrorCode.InvalidParams, 'the survivors declared no weight: nothing to average');
  checkWeightTotal(result.sum[len], weightSum, n, quantizer);
  const deltaSum = decodeSumInRange(result.sum, n, quantizer, len); // checks the overflow bound again
  return { deltaSum, weightSum, count: n };
}
