/**
 * @module aggregation/aggregate-input
 * What a strategy receives from a round: only the weighted sum of accepted
 * updates, never an individual update. The same shape comes from the
 * plaintext streaming sum (`WeightedDeltaSum`) or from secure aggregation, and
 * a strategy cannot tell which one ran.
 */

export interface AggregateInput {
  /** Σ_k w_k·(x_k − x_t) over accepted results, Float64, one entry per parameter. */
  deltaSum: Float64Array;
  /** Σ_k w_k over the same results. */
  weightSum: number;
  /** Number of results in the sum. */
  count: number;
}
