/**
 * @module common/filters/ws-exception.filter
 * Every failure of a socket handler becomes a structured
 * `{ ok: false, error: { code, message } }` ack — never Nest's default
 * "Internal server error" `exception` event (nestjs/nest#3476, #13190).
 *
 * - {@link ProtocolException} → its code and message.
 * - `HttpException` (e.g. from a pipe) / `WsException` → `BAD_PAYLOAD` with the message.
 * - anything else → `INTERNAL`, logged with its stack.
 *
 * Refusals of `update:*` and `eval:result` are also pushed to the sender as a
 * `client:error` event, so a client streaming chunks without waiting for acks
 * still learns its upload was refused.
 */
import { ArgumentsHost, Catch, HttpException, Logger, Optional } from '@nestjs/common';
import { BaseWsExceptionFilter, WsException } from '@nestjs/websockets';
import { ErrorCode, Events, type Ack, type ProtocolError } from '@fl/protocol';
import { ProtocolException } from '../errors/protocol.exception';
import { CoordinatorMetrics } from '../../metrics/coordinator-metrics';

const PUSHED_EVENTS: ReadonlySet<string> = new Set([Events.UpdateChunk, Events.UpdateCommit, Events.EvaluateResult]);

function httpMessage(e: HttpException): string {
  const r = e.getResponse();
  if (typeof r === 'string') return r;
  const m = (r as { message?: unknown }).message;
  return Array.isArray(m) ? m.join('; ') : typeof m === 'string' ? m : e.message;
}

/** Maps any thrown value to a protocol error. */
export function toProtocolError(e: unknown): ProtocolError {
  if (e instanceof ProtocolException) return e.toError();
  if (e instanceof HttpException) return { code: ErrorCode.BadPayload, message: httpMessage(e) };
  if (e instanceof WsException) {
    const err = e.getError();
    return { code: ErrorCode.BadPayload, message: typeof err === 'string' ? err : JSON.stringify(err) };
  }
  return { code: ErrorCode.Internal, message: e instanceof Error ? `internal error: ${e.message}` : 'internal error' };
}

@Catch()
export class WsExceptionFilter extends BaseWsExceptionFilter {
  private readonly logger = new Logger(WsExceptionFilter.name);

  /** Gateways name the class, so Nest builds it with the app's metrics (`fl_refused_messages_total`); unit tests build it bare. */
  constructor(@Optional() private readonly metrics?: CoordinatorMetrics) {
    super();
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const error = toProtocolError(exception);
    this.metrics?.refusal('socket', error.code);
    if (error.code === ErrorCode.Internal) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const args = host.getArgs();
    const client = host.switchToWs().getClient<{ emit(ev: string, e: ProtocolError): void; connected?: boolean }>();
    const pattern = args[args.length - 1];
    const ack = args.slice(1).find((a): a is (r: Ack) => void => typeof a === 'function');
    if (typeof pattern === 'string' && PUSHED_EVENTS.has(pattern) && client?.connected !== false) client.emit(Events.ClientError, error);
    if (ack) ack({ ok: false, error });
  }
}
