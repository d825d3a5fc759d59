/**
 * @module node/data/csv
 * Comma-separated files: one example per line, an integer class label in one
 * column (chosen by header name or 0-based index) and numeric features in all
 * the others, used as they are (no scaling). A header line is optional; by
 * default it is detected (the first line has a non-numeric field). Blank
 * lines are skipped; surrounding double quotes on a field are removed.
 */
import * as fs from 'node:fs';
import { TrainerError } from '../../errors';
import type { Dataset } from '../../data/dataset';

export interface CsvOptions {
  /** Label column: header name, or 0-based index. Default: the column named `label`, else column 0. */
  label?: string | number;
  /** Whether the first line is a header; default detected. */
  header?: boolean;
  /** Default: largest label + 1 (at least 2). */
  numClasses?: number;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function fields(line: string): string[] {
  return line.split(',').map((f) => f.trim().replace(/^"(.*)"$/, '$1').trim());
}

/**
 * Parses CSV text into a dataset.
 * @throws TrainerError DATA_LOAD naming the line and column of the first problem
 *   (ragged row, non-numeric feature, non-integer or negative label, unknown label column).
 */
export function parseCsv(text: string, name: string, opts: CsvOptions = {}, source = '<text>'): Dataset {
  const fail = (msg: string): never => {
    throw new TrainerError('DATA_LOAD', `CSV ${source}: ${msg}`);
  };
  const lines = text.split(/\r?\n/).map((l, i) => ({ no: i + 1, f: fields(l) })).filter((l) => !(l.f.length === 1 && l.f[0] === ''));
  if (lines.length === 0) fail('no rows');
  const hasHeader = opts.header ?? lines[0].f.some((v) => !NUMBER.test(v));
  const header = hasHeader ? lines.shift()!.f : null;
  const width = header?.length ?? lines[0]?.f.length ?? 0;
  if (width < 2) fail(`needs a label column and at least one feature column (found ${width} column(s))`);
  let labelCol: number;
  if (typeof opts.label === 'string') {
    if (!header) fail(`label column '${opts.label}' given by name but the file has no header`);
    labelCol = header!.indexOf(opts.label);
    if (labelCol < 0) fail(`no column named '${opts.label}' (columns: ${header!.join(', ')})`);
  } else if (typeof opts.label === 'number') {
    if (!Number.isInteger(opts.label) || opts.label < 0 || opts.label >= width) fail(`label column index ${opts.label} is outside [0, ${width})`);
    labelCol = opts.label;
  } else labelCol = header?.includes('label') ? header.indexOf('label') : 0;
  const colName = (c: number): string => (header ? `'${header[c]}'` : `${c}`);

  const count = lines.length;
  if (count === 0) fail('no data rows after the header');
  const f = width - 1;
  const x = new Float32Array(count * f);
  const y = new Int32Array(count);
  lines.forEach((line, r) => {
    if (line.f.length !== width) fail(`line ${line.no} has ${line.f.length} fields, expected ${width}`);
    let k = r * f;
    for (let c = 0; c < width; c++) {
      const v = line.f[c];
      if (!NUMBER.test(v)) fail(`line ${line.no}, column ${colName(c)}: '${v}' is not a number`);
      const n = Number(v);
      if (c === labelCol) {
        if (!Number.isInteger(n) || n < 0 || n > 65_535) fail(`line ${line.no}, label column ${colName(c)}: '${v}' is not a class index (integer 0..65535)`);
        y[r] = n;
      } else {
        if (!Number.isFinite(n)) fail(`line ${line.no}, column ${colName(c)}: '${v}' is not finite`);
        x[k++] = n;
      }
    }
  });
  const maxLabel = y.reduce((m, v) => Math.max(m, v), 0);
  const numClasses = opts.numClasses ?? Math.max(2, maxLabel + 1);
  if (maxLabel >= numClasses) fail(`label ${maxLabel} is not below the class count ${numClasses}`);
  return { x, y, featureShape: [f], numClasses, count, name };
}

/** Reads and parses a CSV file (see `parseCsv`). */
export function loadCsv(file: string, name: string, opts: CsvOptions = {}): Dataset {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new TrainerError('DATA_LOAD', `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  return parseCsv(text, name, opts, file);
}
