/**
 * @module common/pipes/protocol-validation.pipe
 * Validates a socket payload with one of the `@fl/protocol` boundary
 * validators (`validateRegister`, …). A bad payload becomes a
 * `BAD_PAYLOAD` {@link ProtocolException} listing every problem. Only the
 * message body is checked; the socket and ack parameters pass through.
 */
import { type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ErrorCode, type Validated } from '@fl/protocol';
import { ProtocolException } from '../errors/protocol.exception';

export class ProtocolValidationPipe<T> implements PipeTransform<unknown, unknown> {
  constructor(private readonly validate: (v: unknown) => Validated<T>) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    // Nest reports a gateway's @MessageBody() as 'body'; the socket and ack params as 'custom'.
    if (metadata.type !== 'body') return value;
    const r = this.validate(value);
    if (!r.ok) {
      const taskId = typeof (value as { taskId?: unknown })?.taskId === 'string' ? (value as { taskId: string }).taskId : undefined;
      throw new ProtocolException(ErrorCode.BadPayload, `invalid payload: ${r.errors.join('; ')}`, taskId);
    }
    return r.value;
  }
}
