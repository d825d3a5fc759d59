/**
 * @module result
 * Error and ack shapes. Every client→server event is acknowledged with an
 * `Ack<T>`: `{ ok: true, ...T }` or `{ ok: false, error }`.
 */
import type { ErrorCode } from './enums';

export interface ProtocolError {
  code: ErrorCode;
  message: string;
  /** The task the error refers to, when there is one. */
  taskId?: string;
}

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: ProtocolError };
export type AckFn<T extends object = object> = (reply: Ack<T>) => void;

/** Result of a boundary validator: the typed value, or every problem found. */
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: string[] };
