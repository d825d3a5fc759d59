/**
 * @module aggregation/aggregate-input
 * What a strategy receives from a round: the weighted sum of accepted
 * updates, never an individual update. The same shape comes from the
 * plaintext streaming sum (`WeightedDeltaSum`) or from secure aggregation, and
 * a strategy cannot tell which one ran.
 *
 * Exception: for a strategy with `needsIndividualUpdates` (robust rules), a
 * plain round keeps each update Δ_k instead (`UpdateStore`): `updates` holds
 * them and `deltaSum` is empty, so a sum-based strategy handed such an input
 * refuses it (WRONG_SHAPE) rather than reading zeros.
 */

export interface AggregateInput {
  /** Σ_k w_k·(x_k − x_t) over accepted results, Float64, one entry per parameter. */
  deltaSum: Float64Array;
  /** Σ_k w_k over the same results. */
  weightSum: number;
  /** Number of results in the sum. */
  count: number;
  /**
   * The individual updates Δ_k = x_k − x_t (Float32, one per result, ordered
   * by client id), only for strategies that need them and only without
   * secure aggregation. Each owns its whole buffer (so it can be transferred).
   */
  updates?: Float32Array[];
}
