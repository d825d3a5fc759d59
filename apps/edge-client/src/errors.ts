/**
 * @module errors
 * The edge client's own error type. Every failure the client reports carries
 * a `code`: a protocol `ErrorCode` when the coordinator refused something, a
 * `PolicyRefusalCode` when this client's privacy policy refused a round, or
 * one of the local codes below.
 */
import type { ErrorCode, PolicyRefusalCode } from '@fl/protocol';

export type LocalErrorCode =
  | 'USAGE'
  | 'DISCONNECTED'
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'HASH_MISMATCH'
  | 'BAD_MODEL'
  | 'DATA'
  /** The client's signing identity file cannot be read, written or trusted. */
  | 'IDENTITY'
  /** The identity is not enrolled at this coordinator and no enrollment token was given. */
  | 'ENROLLMENT'
  /** A secure task's encoding parameters do not fit the trained update. */
  | 'SECURE_ENCODING'
  /** The coordinator's TLS certificate is not trusted (see --ca). */
  | 'TLS_UNTRUSTED'
  /** A secure round this client left by complaining about a neighbour's share ciphertexts (docs/secure-aggregation.md "Blame"). */
  | 'SECAGG_COMPLAINED';

export class ClientError extends Error {
  constructor(
    readonly code: LocalErrorCode | ErrorCode | PolicyRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

/** The `code` of any thrown value, `INTERNAL` when it has none. */
export function errorCode(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'INTERNAL';
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
