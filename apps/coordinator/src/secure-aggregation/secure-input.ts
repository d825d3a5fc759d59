/**
 * @module secure-aggregation/secure-input
 * The unmasked sum → the strategy's `AggregateInput`. Clients encode
 * `w_u·Δ_u` followed by `w_u` (docs/secure-aggregation.md "Encoding"), so the decoded sums are
 * Σ w_u·Δ_u and Σ w_u: exactly the weighted delta sum and weight sum that a
 * plain round's `WeightedDeltaSum` yields (up to quantisation). Strategies
 * therefore cannot tell that secure aggregation ran.
 */
import type { AggregateInput } from '@fl/fl-core';
import { decodeSum, levels, type QuantizerParams, type SecAggResult } from '@fl/secagg';

export function secureAggregateInput(result: SecAggResult, quantizer: QuantizerParams): AggregateInput {
  const n = result.survivors.length;
  const len = result.sum.length - 1;
  const deltaSum = decodeSum(result.sum, n, quantizer, len); // checks the overflow bound again
  const weightSum = result.sum[len] / (levels(quantizer) - 1); // w ∈ [0, 1] is encoded as round(w·(Q − 1))
  if (!(weightSum > 0)) throw new Error('the unmasked weight sum is zero: no client contributed a weight');
  return { deltaSum, weightSum, count: n };
}
