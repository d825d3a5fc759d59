/**
 * @module node/data/csv
 * Comma-separated files (RFC 4180, parsed by `csv-parse`): one example per
 * record, an integer class label in one column (chosen by header name or
 * 0-based index) and numeric features in all the others, used as they are
 * (no scaling). Quoted fields may hold commas, quotes (`""`) and newlines;
 * CRLF and LF line ends and a UTF-8 byte-order mark are accepted; blank lines
 * are skipped and fields trimmed. A header line is optional; by default it is
 * detected (the first record has a non-numeric field). Files are streamed:
 * memory grows with the parsed numbers (4 bytes per value), not the text.
 * Errors name the file and line (`node/data/csv-rows`).
 */
import * as fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parse, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { TrainerError } from '../../errors';
import type { Dataset } from '../../data/dataset';
import { CsvRows, type CsvOptions } from './csv-rows';

export type { CsvOptions } from './csv-rows';

const PARSER_OPTIONS: Options = { bom: true, trim: true, skip_empty_lines: true, relax_column_count: true };

/** Parser options that hand every record to `rows` as it is parsed and emit nothing (no per-record stream traffic). */
function feeding(rows: CsvRows): Options {
  return {
    ...PARSER_OPTIONS,
    on_record: (record: string[], context: { lines: number }) => {
      rows.add(record, context.lines);
      return null;
    },
  };
}

function parserError(e: unknown, source: string): TrainerError {
  if (e instanceof TrainerError) return e;
  const err = e as Error & { code?: string; lines?: number };
  const where = typeof err.lines === 'number' ? `line ${err.lines}: ` : '';
  return new TrainerError('DATA_LOAD', `CSV ${source}: ${where}${err.message}`, { cause: e });
}

/**
 * Parses CSV text into a dataset.
 * @throws TrainerError DATA_LOAD naming the line and column of the first problem
 *   (unclosed quote, ragged row, non-numeric feature, non-integer or negative
 *   label, unknown label column).
 */
export function parseCsv(text: string, name: string, opts: CsvOptions = {}, source = '<text>'): Dataset {
  const rows = new CsvRows(opts, source);
  try {
    parseSync(text, feeding(rows));
  } catch (e) {
    throw parserError(e, source);
  }
  return rows.finish(name);
}

/**
 * Streams and parses a CSV file (see `parseCsv`); memory is bounded by the parsed values, not the
 * file size. `readChunkBytes` is the read size (records and quoted fields span chunks freely).
 */
export async function loadCsv(file: string, name: string, opts: CsvOptions = {}, readChunkBytes = 1 << 20): Promise<Dataset> {
  const rows = new CsvRows(opts, file);
  let input: fs.ReadStream;
  try {
    await fs.promises.access(file, fs.constants.R_OK);
    input = fs.createReadStream(file, { highWaterMark: readChunkBytes });
  } catch (e) {
    throw new TrainerError('DATA_LOAD', `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  try {
    await pipeline(input, parse(feeding(rows)));
  } catch (e) {
    throw parserError(e, file);
  }
  return rows.finish(name);
}
