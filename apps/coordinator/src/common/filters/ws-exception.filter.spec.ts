import { BadRequestException, type ArgumentsHost } from '@nestjs/common';
import { ErrorCode, Events } from '@fl/protocol';
import { ProtocolException } from '../errors/protocol.exception';
import { WsExceptionFilter } from './ws-exception.filter';

function host(pattern: string, withAck = true) {
  const emitted: Array<[string, unknown]> = [];
  const acks: unknown[] = [];
  const client = { connected: true, emit: (e: string, p: unknown) => emitted.push([e, p]) };
  const args: unknown[] = [client, { some: 'data' }];
  if (withAck) args.push((r: unknown) => acks.push(r));
  args.push(pattern, pattern);
  const h = { getArgs: () => args, switchToWs: () => ({ getClient: () => client }) } as unknown as ArgumentsHost;
  return { h, emitted, acks };
}

describe(WsExceptionFilter.name, () => {
  const filter = new WsExceptionFilter();

  it('acks a ProtocolException with its code and pushes client:error for update events', () => {
    const t = host(Events.UpdateCommit);
    filter.catch(new ProtocolException(ErrorCode.NonFinite, 'NaN at 3', 'task-1'), t.h);
    const error = { code: ErrorCode.NonFinite, message: 'NaN at 3', taskId: 'task-1' };
    expect(t.acks).toEqual([{ ok: false, error }]);
    expect(t.emitted).toEqual([[Events.ClientError, error]]);
  });

  it('maps an HttpException (e.g. from a pipe) to BAD_PAYLOAD with its messages, never "Internal server error"', () => {
    const t = host(Events.Register);
    filter.catch(new BadRequestException(['name must be a string', 'x is bad']), t.h);
    expect(t.acks).toEqual([{ ok: false, error: { code: ErrorCode.BadPayload, message: 'name must be a string; x is bad' } }]);
    expect(t.emitted).toEqual([]);
  });

  it('maps unknown errors to INTERNAL with the message', () => {
    const t = host(Events.ModelFetch);
    jest.spyOn((filter as unknown as { logger: { error: () => void } }).logger, 'error').mockImplementation(() => undefined);
    filter.catch(new TypeError('boom'), t.h);
    expect(t.acks).toEqual([{ ok: false, error: { code: ErrorCode.Internal, message: 'internal error: boom' } }]);
  });

  it('still pushes client:error when the client sent no ack callback', () => {
    const t = host(Events.UpdateChunk, false);
    filter.catch(new ProtocolException(ErrorCode.StaleRound, 'late'), t.h);
    expect(t.emitted).toEqual([[Events.ClientError, { code: ErrorCode.StaleRound, message: 'late' }]]);
  });
});
