/**
 * @module persistence/sql/pglite-messages
 * Messages between the {@link PGlitePool} (main thread) and the PGlite worker
 * thread. The worker answers every message with its `id` (`opened`,
 * `result`, `closed`, or `failed` with the error), one at a time in arrival
 * order. Parameters and rows cross by structured clone (Date, Uint8Array,
 * plain objects, bigint keep their types; a Buffer arrives as a Uint8Array,
 * which PGlite writes the same).
 */

export type ToPGliteWorker =
  | { kind: 'open'; id: number; dir: string }
  | { kind: 'query'; id: number; sql: string; params: unknown[] }
  | { kind: 'close'; id: number };

/**
 * A PostgreSQL error as plain data: structured clone keeps only an Error's
 * message, so the fields (`code`, `detail`, `constraint` …) travel one by one.
 */
export interface PGliteErrorData {
  message: string;
  fields: Record<string, string | number | undefined>;
}

export type FromPGliteWorker =
  | { kind: 'opened'; id: number }
  | { kind: 'result'; id: number; rows: unknown[]; affectedRows?: number }
  | { kind: 'closed'; id: number }
  | { kind: 'failed'; id: number; error: PGliteErrorData };

/** The PostgreSQL error fields copied across (pg-protocol's `DatabaseError`), plus `name`. */
export const PG_ERROR_FIELDS = [
  'name', 'severity', 'code', 'detail', 'hint', 'position', 'internalPosition', 'internalQuery', 'where',
  'schema', 'table', 'column', 'dataType', 'constraint', 'file', 'line', 'routine',
] as const;

/** Plain data for any thrown value (PGlite's file-system errors are objects like `{name: 'ErrnoError', errno}`, not Errors). */
export function errorToData(e: unknown): PGliteErrorData {
  if (typeof e !== 'object' || e === null) return { message: String(e), fields: {} };
  const o = e as Record<string, unknown>;
  const fields: PGliteErrorData['fields'] = {};
  for (const k of PG_ERROR_FIELDS) {
    const v = o[k];
    if (typeof v === 'string' || typeof v === 'number') fields[k] = v;
  }
  const message = typeof o.message === 'string' ? o.message : `${typeof o.name === 'string' ? o.name : 'error'}${o.errno !== undefined ? ` (errno ${String(o.errno)})` : ''}`;
  return { message, fields };
}

/** An Error with the same message and PostgreSQL fields as the one thrown in the worker. */
export function errorFromData(d: PGliteErrorData): Error {
  return Object.assign(new Error(d.message), d.fields);
}
