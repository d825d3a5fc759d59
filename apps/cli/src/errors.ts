/**
 * @module errors
 * How `fl` fails: every error becomes one line on stderr (or, with `--json`,
 * one JSON document `{ "error": { code, status, message } }` on stderr) and
 * a non-zero exit code. The API error code is always shown.
 *
 * Exit codes: 0 success; 1 the coordinator refused or failed (or a watched
 * job did not complete); 2 bad usage or bad local input.
 */
import { ApiError } from '@fl/api-client';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** A local failure of the CLI itself (bad flag value, unreadable file, not logged in). */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
  }
}

export interface ErrorReport {
  code: string;
  /** HTTP status when the coordinator answered. */
  status: number | null;
  message: string;
  exitCode: number;
}

export function errorReport(e: unknown): ErrorReport {
  if (e instanceof ApiError) return { code: e.code, status: e.status || null, message: e.status ? `${e.detail} (${e.request} → HTTP ${e.status})` : e.detail, exitCode: EXIT_FAILED };
  if (e instanceof CliError) return { code: e.code, status: null, message: e.message, exitCode: e.exitCode };
  const code = (e as { code?: unknown })?.code;
  return { code: typeof code === 'string' ? code : 'ERROR', status: null, message: e instanceof Error ? e.message : String(e), exitCode: EXIT_FAILED };
}

/** `fl: NOT_FOUND: job x not found (GET /api/jobs/x → HTTP 404)`, or the JSON document. */
export function formatError(r: ErrorReport, json: boolean): string {
  return json ? JSON.stringify({ error: { code: r.code, status: r.status, message: r.message } }) : `fl: ${r.code}: ${r.message}`;
}
