/**
 * @module bulk
 * The bulk channel: model downloads and update uploads as plain HTTP on a
 * second port of the coordinator (`RegisterReply.bulkPort`), served by a
 * worker thread so multi-MB transfers never run on the coordinator's event
 * loop. The socket.io connection stays the control channel: a client that
 * uploaded through the bulk channel still commits with `update:commit` (or
 * its `secagg:message`), without data; a client that cannot reach the bulk
 * port uses `model:fetch` / `update:chunk` as before.
 *
 * Every request names the client (`x-fl-client-id`) and carries the bulk
 * credential of its current authenticated socket connection
 * (`RegisterReply.bulkCredential`, `authorization: Bearer <credential>`),
 * which dies with that connection (docs/enrollment.md). Errors are JSON
 * `{ ok: false, error: ProtocolError }` with the HTTP status of
 * {@link bulkStatus}.
 */
import { ErrorCode } from './enums';

export const BULK_CLIENT_HEADER = 'x-fl-client-id';

/**
 * Transfers smaller than this stay on the socket even when there is a bulk
 * channel: a sub-MB message costs the event loop well under a millisecond,
 * and over the socket it needs no extra round trip (an update rides inside
 * its commit). Measured: N = 10, P = 100k plain rounds took 0.065 s over the
 * bulk channel and 0.045 s over the socket.
 */
export const BULK_MIN_BYTES = 1024 * 1024;

/** `GET`: chunk `index` of the model blob `hash` (the `model:fetch` reply's bytes), `application/octet-stream`. */
export function bulkModelPath(hash: string, index: number): string {
  return `/v1/models/${encodeURIComponent(hash)}/chunks/${index}`;
}

/**
 * `PUT`: the whole serialized update (plain rounds) or masked input (secure
 * rounds) of task `taskId`, exactly as many bytes as the round expects, with
 * `content-length`. Replies `{ ok: true, received: 1 }`, as a one-chunk `update:chunk`.
 */
export function bulkUploadPath(taskId: string): string {
  return `/v1/tasks/${encodeURIComponent(taskId)}/upload`;
}

/** The HTTP status of a refusal with `code`. */
export function bulkStatus(code: string): number {
  switch (code) {
    case ErrorCode.NotRegistered:
    case ErrorCode.ForgedIdentity:
      return 401;
    case ErrorCode.UnknownModel:
    case ErrorCode.UnknownTask:
      return 404;
    case ErrorCode.Oversized:
      return 413;
    case ErrorCode.NotInCohort:
    case ErrorCode.WrongRound:
    case ErrorCode.StaleRound:
    case ErrorCode.DeadlinePassed:
    case ErrorCode.StageOrder:
    case ErrorCode.WrongPath:
    case ErrorCode.Duplicate:
    case ErrorCode.UploadInProgress:
      return 409;
    case ErrorCode.TooManyRequests:
      return 429;
    case ErrorCode.Internal:
      return 500;
    default:
      return 400;
  }
}
