/**
 * @module common/errors/protocol.exception
 * A refusal with a protocol {@link ErrorCode}. Services throw it; the socket
 * exception filter turns it into a `{ ok: false, error }` ack (and a
 * `client:error` event for update/eval refusals).
 */
import type { ErrorCode, ProtocolError } from '@fl/protocol';

export class ProtocolException extends Error {
  override readonly name = 'ProtocolException';

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly taskId?: string,
  ) {
    super(message);
  }

  toError(): ProtocolError {
    return this.taskId === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, taskId: this.taskId };
  }
}
