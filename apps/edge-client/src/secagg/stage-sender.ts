/**
 * @module secagg/stage-sender
 * Sends one stage answer of a secure round as `secagg:message`, its stage
 * message packed into one blob (`packMessage` of `@fl/secagg`). A masked
 * input goes up by the client's one upload rule (uploader: bulk channel,
 * else inline inside the packed message, else `update:chunk`s), and its
 * `secagg:message` carries `numExamples`, the training metrics and the clip
 * fraction: it replaces `update:commit` (docs/secure-aggregation.md).
 *
 * After a lost connection the send waits to re-register and repeats (up to
 * three tries); a resend the server already has (`DUPLICATE`) counts as
 * delivered.
 */
import type { SecAggSubmit } from '@fl/protocol';
import { isComplaint, packMessage, type ClientMessage } from '@fl/secagg';
import type { Connection } from '../connection';
import { ClientError, errorCode } from '../errors';
import type { Log } from '../log';
import { asBuffer, upload, type UploadSink } from '../uploader';
import type { SecureUpdate } from './secure-update';

/** What a secure round needs from the connection (a `Connection`, or a test double). */
export type SecAggTransport = UploadSink & Pick<Connection, 'clientId' | 'isRegistered' | 'whenRegistered'>;

/** Room left for the packed message's header when the masked vector travels inline. */
const INLINE_HEADROOM = 64 * 1024;
const MAX_SEND_TRIES = 3;

export interface StageSenderContext {
  readonly taskId: string;
  readonly connection: SecAggTransport;
  readonly log: Log;
  /** Why the round ended, once it has (nothing more is sent). */
  closed(): Error | null;
  /** Bound of one request (ms). */
  timeout(): number;
  /** Longest wait to re-register (ms). */
  untilEnd(): number;
}

/** Sends `output`; `update` is the encoded update behind a masked input. */
export async function sendStageAnswer(ctx: StageSenderContext, output: ClientMessage, update: SecureUpdate | null): Promise<void> {
  const { taskId } = ctx;
  // A complaint (docs/secure-aggregation.md "Blame") goes instead of the masked input, as a plain stage message.
  if (output.stage !== 'masked-input' || isComplaint(output)) {
    const payload: SecAggSubmit = { taskId, stage: output.stage, message: wire(output) };
    return withReconnect(ctx, (retry) => submit(ctx, payload, retry));
  }
  if (!update) throw new ClientError('SECURE_ENCODING', 'masked input without an update');
  const { masked, ...header } = output;
  const bytes = new Uint8Array(masked.buffer, masked.byteOffset, masked.byteLength); // little-endian words
  const extra = { numExamples: update.numExamples, metrics: update.metrics, clipFraction: update.clipFraction };
  await withReconnect(ctx, (retry) =>
    upload(
      ctx.connection,
      taskId,
      bytes,
      {
        // Inline, the vector rides inside the packed message (one message, one ack).
        inline: () => submit(ctx, { taskId, stage: output.stage, message: wire(output), ...extra }, retry),
        after: () => submit(ctx, { taskId, stage: output.stage, message: wire(header), ...extra }, retry),
        headroom: INLINE_HEADROOM,
      },
      () => ctx.timeout(),
      () => ctx.closed() !== null,
    ),
  );
}

/** Sends one `secagg:message`. A resend after a lost connection that the server already has counts as delivered. */
async function submit(ctx: StageSenderContext, payload: SecAggSubmit, retry: boolean): Promise<void> {
  const closed = ctx.closed();
  if (closed) throw closed;
  try {
    await ctx.connection.request('secagg:message', payload, ctx.timeout());
  } catch (e) {
    if (!(retry && errorCode(e) === 'DUPLICATE')) throw e;
  }
}

/** Runs a send; after a lost connection, waits to re-register and repeats it (the server may also repeat its request). */
async function withReconnect(ctx: StageSenderContext, fn: (retry: boolean) => Promise<unknown>): Promise<void> {
  for (let tries = 1; ; tries++) {
    const closed = ctx.closed();
    if (closed) throw closed;
    try {
      if (!ctx.connection.isRegistered) await ctx.connection.whenRegistered(ctx.untilEnd());
      await fn(tries > 1);
      return;
    } catch (e) {
      if (errorCode(e) !== 'DISCONNECTED' || tries >= MAX_SEND_TRIES) throw e;
      ctx.log.info('step_retry', `connection lost during the secure round of task ${ctx.taskId}; will resend after reconnecting`);
    }
  }
}

/** A client message as sent: packed into one blob, as a Buffer so socket.io sends it as binary. */
function wire(m: object): Buffer {
  return asBuffer(packMessage(m));
}
