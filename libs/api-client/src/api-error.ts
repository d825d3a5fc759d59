/**
 * @module api-error
 * The one error every REST call throws: an HTTP answer outside 2xx (or no
 * answer at all) becomes an {@link ApiError} carrying the status, the
 * coordinator's error code and its message. Errors are data: callers branch
 * on `status` / `code`, never on the message text. No credential ever goes
 * into an error (the request's headers are not kept).
 */

/** `code` of an ApiError raised when no HTTP answer came back (connection refused, DNS, TLS …). */
export const UNREACHABLE = 'UNREACHABLE';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when the coordinator could not be reached. */
    readonly status: number,
    /** The coordinator's error code (`body.code`), else its error name as UPPER_SNAKE (`Not Found` → `NOT_FOUND`), else `HTTP_<status>`. */
    readonly code: string,
    /** The coordinator's message (a list of messages joined with `; `). */
    readonly detail: string,
    /** `METHOD /api/path` of the failed request (no query string, no headers). */
    readonly request: string,
    /** The parsed error body, when it was JSON. */
    readonly body: unknown = null,
  ) {
    super(status === 0 ? `${request}: ${detail}` : `${request} → HTTP ${status} ${code}: ${detail}`);
  }

  /** Builds the error from a non-2xx response (reads its body). */
  static async fromResponse(res: Response, request: string): Promise<ApiError> {
    const text = await res.text().catch(() => '');
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON: keep the text as the message */
    }
    const b = (body && typeof body === 'object' ? body : {}) as { code?: unknown; error?: unknown; message?: unknown };
    const code = typeof b.code === 'string' && b.code ? b.code : typeof b.error === 'string' && b.error ? toCode(b.error) : `HTTP_${res.status}`;
    const detail = Array.isArray(b.message) ? b.message.map(String).join('; ') : typeof b.message === 'string' ? b.message : text.slice(0, 500) || res.statusText;
    return new ApiError(res.status, code, detail, request, body);
  }

  /** Wraps a fetch failure (no HTTP answer). */
  static unreachable(cause: unknown, request: string, baseUrl: string): ApiError {
    const why = (cause as { cause?: { code?: string; message?: string } })?.cause;
    const reason = why?.code ?? why?.message ?? (cause instanceof Error ? cause.message : String(cause));
    return new ApiError(0, UNREACHABLE, `cannot reach the coordinator at ${baseUrl} (${reason})`, request);
  }
}

/** `Not Found` → `NOT_FOUND`, `Payload Too Large` → `PAYLOAD_TOO_LARGE`. */
export function toCode(name: string): string {
  return name
    .trim()
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toUpperCase();
}
