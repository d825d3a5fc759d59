/**
 * @module output
 * What `fl` prints: with `--json` exactly one JSON document (the API's own
 * shape), else a compact table or `key: value` lines. Pure functions, so the
 * formatting is unit-tested apart from the network.
 */

export type Cell = string | number | boolean | null | undefined;

export interface Column<T> {
  header: string;
  value: (row: T) => Cell;
}

/** A left-aligned table with a header row; `(none)` for no rows. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  if (rows.length === 0) return '(none)';
  const cells = [columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => cell(c.value(r))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return cells.map((row) => row.map((v, i) => (i === row.length - 1 ? v : v.padEnd(widths[i]))).join('  ').trimEnd()).join('\n');
}

/** `key: value` lines, keys aligned. */
export function fields(pairs: ReadonlyArray<readonly [string, Cell]>): string {
  const w = Math.max(0, ...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${(k + ':').padEnd(w + 1)} ${cell(v)}`).join('\n');
}

export function cell(v: Cell): string {
  if (v === null || v === undefined || v === '') return '-';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v).replace(/[\r\n\t]+/g, ' ');
}

/** ISO → `2026-12-07 03:40:12` (UTC); null → null. */
export function when(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().slice(0, 19).replace('T', ' ');
}

/** A number with `digits` decimals, or null. */
export function fixed(v: number | null | undefined, digits = 4): string | null {
  return typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : null;
}

/** The one JSON document of `--json`. */
export function jsonDoc(v: unknown): string {
  return JSON.stringify(v, null, 2);
}
