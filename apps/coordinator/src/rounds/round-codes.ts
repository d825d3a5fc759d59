/**
 * @module rounds/round-codes
 * Codes used in `RoundView.failures` beyond the protocol `ErrorCode`s (which
 * cover refused messages): why a cohort member left the round without a
 * refused message.
 */
export const DropCode = {
  /** The client answered the task offer with `accepted: false`. */
  Declined: 'DECLINED',
  /** The client's connection closed while its task was open. */
  Disconnected: 'DISCONNECTED',
  /** The round reached its target (or ended) before the client delivered. */
  Cancelled: 'CANCELLED',
} as const;
export type DropCode = (typeof DropCode)[keyof typeof DropCode];
