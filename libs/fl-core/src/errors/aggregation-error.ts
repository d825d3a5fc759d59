/**
 * @module errors/aggregation-error
 * Failures of the aggregation step. Any of these fails the round; the caller
 * keeps the previous global model and strategy state (McMahan et al., AISTATS 2017).
 */

export type AggregationErrorCode =
  /** No accepted results, or their weights sum to 0. */
  | 'NO_RESULTS'
  /** An aggregation weight that is not a finite number > 0. */
  | 'BAD_WEIGHT'
  /** The aggregate or the new model contains NaN or ±Inf. */
  | 'NON_FINITE'
  /** Strategy state missing, of the wrong length, or not matching the strategy. */
  | 'BAD_STATE'
  /** A robust rule's precondition on the updates received (e.g. Krum's n > 2f + 2) does not hold, or they are missing. */
  | 'PRECONDITION'

  /** An update whose L2 norm exceeds the round's bound, under the `refuse` action (bounds/update-bound). */
  | 'UPDATE_TOO_LARGE';

export class AggregationError extends Error {
  override readonly name = 'AggregationError';

  constructor(
    readonly code: AggregationErrorCode,
    message: string,
  ) {
    super(message);
  }
}
