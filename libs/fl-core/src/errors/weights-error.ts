/**
 * @module errors/weights-error
 * Refusals of a weights payload (decoding, chunk assembly, shape checks). The
 * codes are the matching `ErrorCode` values of `@fl/protocol`, so a transport
 * can forward `err.code` to the client unchanged.
 */
import { ErrorCode } from '@fl/protocol';

export type WeightsErrorCode =
  | typeof ErrorCode.WrongShape
  | typeof ErrorCode.NonFinite
  | typeof ErrorCode.BadPayload
  | typeof ErrorCode.Oversized;

export class WeightsError extends Error {
  override readonly name = 'WeightsError';

  constructor(
    readonly code: WeightsErrorCode,
    message: string,
  ) {
    super(message);
  }
}
