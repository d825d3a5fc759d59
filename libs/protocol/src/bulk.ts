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
 * Every request names the client (`x-fl-client-id`) and carries its session
 * token (`authorization: Bearer <token>`). Errors are JSON
 * `{ ok: false, error: ProtocolError }` with the HTTP status of
 * {@link bulkStatus}.
 */
import { ErrorCode } from './enums';

export const BULK_CLIENT_HEADER = 'x-fl-client-id';

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
      return 409;
    case ErrorCode.Internal:
      return 500;
    default:
      return 400;
  }
}
