/**
 * @module uploader
 * The one upload rule, for plain updates and masked vectors alike:
 *
 * 1. over the coordinator's bulk channel when the connection has a usable one
 *    for this size (one HTTP `PUT`; `Connection.uploadBulk`), then the closing
 *    message without data;
 * 2. else inline, when the coordinator takes data inside the closing message
 *    (`Connection.commitWithData`) and data plus the message's headroom fit
 *    in one chunk: one message, one ack;
 * 3. else `splitChunks` (the coordinator's `maxChunkBytes`, at most
 *    `MAX_CHUNK_BYTES`) → one `update:chunk` per piece in index order, each
 *    awaited, then the closing message.
 *
 * The closing message is `update:commit` for a plain update and the
 * masked-input `secagg:message` for a secure one (secagg/stage-sender). Binary
 * data is emitted as `Buffer` views so socket.io sends it as binary
 * attachments, never as JSON.
 */
import { MAX_CHUNK_BYTES, type RoundTask, type UpdateCommit } from '@fl/protocol';
import { serializeWeights, splitChunks } from '@fl/fl-core';
import type { Connection } from './connection';
import { ClientError } from './errors';
import type { TrainOutcome } from './trainers/local-trainer';

/** What an upload needs from a connection (a `Connection`, or a test double). */
export type UploadSink = Pick<Connection, 'request' | 'maxChunkBytes'> & Partial<Pick<Connection, 'uploadBulk' | 'commitWithData'>>;

/** How the upload's closing message is sent. */
export interface UploadClose {
  /** The closing message carrying the data itself (path 2). */
  inline(bytes: Uint8Array): Promise<void>;
  /** The closing message after the data went up on its own (paths 1 and 3). */
  after(): Promise<void>;
  /** Bytes the closing message adds around the data when inline (default 0). */
  headroom?: number;
}

export type UploadPath = 'bulk' | 'inline' | 'chunks';

export function asBuffer(u8: Uint8Array): Buffer {
  return Buffer.isBuffer(u8) ? u8 : Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

/**
 * Uploads `bytes` for `taskId` by the rule above and sends the closing
 * message; `timeoutMs` bounds each request. Stops with `CANCELLED` before
 * each request once `cancelled()` is true. Returns the path taken.
 */
export async function upload(conn: UploadSink, taskId: string, bytes: Uint8Array, close: UploadClose, timeoutMs: () => number, cancelled: () => boolean = () => false): Promise<UploadPath> {
  checkCancelled(taskId, cancelled);
  if (await conn.uploadBulk?.(taskId, bytes, timeoutMs())) {
    await close.after();
    return 'bulk';
  }
  if (conn.commitWithData && bytes.byteLength + (close.headroom ?? 0) <= Math.min(MAX_CHUNK_BYTES, conn.maxChunkBytes)) {
    await close.inline(bytes);
    return 'inline';
  }
  await uploadChunks(conn, taskId, bytes, timeoutMs, cancelled);
  checkCancelled(taskId, cancelled);
  await close.after();
  return 'chunks';
}

/** Sends `bytes` as `update:chunk` requests in index order, each acknowledged before the next. Returns the number of chunks. */
export async function uploadChunks(conn: UploadSink, taskId: string, bytes: Uint8Array, timeoutMs: () => number, cancelled: () => boolean = () => false): Promise<number> {
  const chunkBytes = Math.min(MAX_CHUNK_BYTES, conn.maxChunkBytes);
  const parts = splitChunks(bytes, chunkBytes);
  for (let index = 0; index < parts.length; index++) {
    checkCancelled(taskId, cancelled);
    await conn.request('update:chunk', { taskId, index, total: parts.length, totalBytes: bytes.byteLength, data: asBuffer(parts[index]) }, timeoutMs());
  }
  return parts.length;
}

/** Uploads a plain update `out` for `task` and commits it; `timeoutMs` bounds each request. Returns the bytes sent. */
export async function uploadUpdate(conn: UploadSink, task: RoundTask, out: TrainOutcome, timeoutMs: () => number): Promise<number> {
  const bytes = out.serialized ?? serializeWeights(out.weights);
  const commit: UpdateCommit = {
    taskId: task.taskId,
    jobId: task.jobId,
    round: task.round,
    attempt: task.attempt,
    numExamples: out.numExamples,
    metrics: out.metrics,
    proximalMu: out.proximalMu,
    ...(out.unclipped === undefined ? {} : { unclipped: out.unclipped }),
  };
  await upload(conn, task.taskId, bytes, {
    inline: async (data) => void (await conn.request('update:commit', { ...commit, data: asBuffer(data) }, timeoutMs())),
    after: async () => void (await conn.request('update:commit', commit, timeoutMs())),
  }, timeoutMs);
  return bytes.byteLength;
}

function checkCancelled(taskId: string, cancelled: () => boolean): void {
  if (cancelled()) throw new ClientError('CANCELLED', `upload for task ${taskId} cancelled`);
}
