/**
 * @module errors
 * The one error class of the trainer. Every refusal carries a `code`, so the
 * edge client can map it (e.g. to a task refusal reason) without parsing text.
 */

export type TrainerErrorCode =
  /** Model spec or Layers JSON that cannot be built. */
  | 'INVALID_MODEL'
  /** Weights whose layout or length does not match the model. */
  | 'WRONG_SHAPE'
  /** Dataset that is malformed or does not fit the model. */
  | 'INVALID_DATA'
  /** Hyper-parameters or options out of range. */
  | 'INVALID_ARGUMENT'
  /** Training produced NaN / ±Inf (diverged). */
  | 'NON_FINITE'
  /** The deadline passed before a single batch was trained. */
  | 'DEADLINE_PASSED'
  /** Training was cancelled through the abort signal. */
  | 'ABORTED'
  /** A TF.js backend could not be loaded or initialised. */
  | 'BACKEND_UNAVAILABLE'
  /** A data file or data spec that cannot be read or parsed. */
  | 'DATA_LOAD';

export class TrainerError extends Error {
  override readonly name = 'TrainerError';

  constructor(
    readonly code: TrainerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
