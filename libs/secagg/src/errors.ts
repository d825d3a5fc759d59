/**
 * @module errors
 * The one error type of @fl/secagg. Every refusal carries a machine-readable
 * `code` (tests and the coordinator branch on it), plus the stage and the
 * client it concerns when there is one. Wire-level codes that already exist in
 * `@fl/protocol` (`STAGE_ORDER`, `WRONG_ROUND`, `DUPLICATE`, `BAD_PAYLOAD`,
 * `NOT_IN_COHORT`) keep their spelling.
 */
import { ErrorCode } from '@fl/protocol';

export const SecAggErrorCode = {
  StageOrder: ErrorCode.StageOrder,
  WrongRound: ErrorCode.WrongRound,
  Duplicate: ErrorCode.Duplicate,
  BadPayload: ErrorCode.BadPayload,
  NotInCohort: ErrorCode.NotInCohort,
  /** A key of the wrong length, a low-order key (all-zero shared secret) or repeated keys. */
  BadKey: 'BAD_KEY',
  BadSignature: 'BAD_SIGNATURE',
  DecryptFailed: 'DECRYPT_FAILED',
  /** Fewer than t users (or live neighbours) at some stage: the round aborts, nothing is released. */
  BelowThreshold: 'BELOW_THRESHOLD',
  /** The client refuses an unmask request (double reveal, overlap, not a partition, |U3| < t). */
  UnmaskRefused: 'UNMASK_REFUSED',
  /** Consistency-check signatures do not all cover the same U3. */
  InconsistentView: 'INCONSISTENT_VIEW',
  /**
   * A reconstructed secret does not match its commitment (s^SK vs s^PK, or out of
   * range), or the shares of one secret do not lie on one polynomial and no
   * consistent majority of them does.
   */
  ShareMismatch: 'SHARE_MISMATCH',
  InvalidParams: 'INVALID_PARAMS',
  /**
   * A valid (k, t) that is weaker than the client's own policy (ρ, γ, σ): it fails
   * the SecAgg+ secrecy bound or, on the complete graph, Bonawitz's threshold.
   */
  WeakParams: 'WEAK_PARAMS',
  Overflow: 'OVERFLOW',
  /** A decoded coordinate sum lies outside what the survivors could honestly produce (|survivors| × clip): a member chose its ring vector. */
  OutOfRange: 'SUM_OUT_OF_RANGE',
  /** The unmasked weight words do not add up to the weights the members declared in plain text. */
  WeightMismatch: 'WEIGHT_MISMATCH',
  NonFinite: 'NON_FINITE',
  NoRandomness: 'NO_RANDOMNESS',
  /** The operation is not valid in the state's current life-cycle (finished or failed). */
  BadState: 'BAD_STATE',
  /** Convicted on signed evidence: a share ciphertext that does not open, or a complaint against one that does (server/complaint). */
  Misbehaved: ErrorCode.SecAggMisbehaved,
} as const;
export type SecAggErrorCode = (typeof SecAggErrorCode)[keyof typeof SecAggErrorCode];

/** Plain-data view of an error, as returned by the server's receive step. */
export interface SecAggErrorInfo {
  code: SecAggErrorCode;
  message: string;
  stage?: string;
  clientId?: string;
  /** SHARE_MISMATCH: the clients whose revealed shares disagree with the others (when it can tell). */
  suspects?: string[];
  /** SECAGG_MISBEHAVED: every client the evidence convicted. */
  convicted?: string[];
}

export class SecAggError extends Error {
  override readonly name = 'SecAggError';
  constructor(
    readonly code: SecAggErrorCode,
    message: string,
    readonly stage?: string,
    readonly clientId?: string,
  ) {
    super(message);
  }

  toInfo(): SecAggErrorInfo {
    const info: SecAggErrorInfo = { code: this.code, message: this.message };
    if (this.stage !== undefined) info.stage = this.stage;
    if (this.clientId !== undefined) info.clientId = this.clientId;
    return info;
  }
}
