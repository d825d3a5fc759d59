/**
 * @module errors
 * The one error type of @fl/privacy. Every refusal carries a machine-readable
 * `code` so callers (the CLI, later the coordinator) branch on it instead of
 * on message text.
 */
export const PrivacyErrorCode = {
  /** A parameter is outside its domain (q ∉ [0, 1], σ < 0, δ ∉ (0, 1), …). */
  InvalidParams: 'INVALID_PARAMS',
  /** The summed signal and noise would overflow the modulus with more than the allowed probability. */
  ModulusTooSmall: 'MODULUS_TOO_SMALL',
  /** The event's sampling mode does not match the accountant's Poisson analysis. */
  SamplingMismatch: 'SAMPLING_MISMATCH',
  /** No noise multiplier in the search range reaches the target (ε, δ). */
  Unreachable: 'UNREACHABLE',
  /** Conditional randomised rounding kept landing outside its norm bound. */
  RoundingFailed: 'ROUNDING_FAILED',
  /** No CSPRNG is available on this platform. */
  NoRandomness: 'NO_RANDOMNESS',
} as const;
export type PrivacyErrorCode = (typeof PrivacyErrorCode)[keyof typeof PrivacyErrorCode];

export class PrivacyError extends Error {
  constructor(
    readonly code: PrivacyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PrivacyError';
  }
}

/** Throws INVALID_PARAMS unless `ok`. */
export function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new PrivacyError(PrivacyErrorCode.InvalidParams, message);
}
