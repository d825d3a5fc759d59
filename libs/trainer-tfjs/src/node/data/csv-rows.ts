/**
 * @module node/data/csv-rows
 * Turns parsed CSV records (arrays of field strings, with their source line)
 * into a dataset, one record at a time, so a file can be streamed: features
 * go into fixed-size Float32Array blocks (1 Mi values each) and labels into
 * Int32Array blocks, copied into one exact-size array at the end; nothing
 * else grows with the file. The label column is chosen by header name or
 * 0-based index; a header is detected when the first record has a
 * non-numeric field.
 */
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
const BLOCK = 1 << 20;

export class CsvRows {
  private header: string[] | null = null;
  private width = 0;
  private labelCol = -1;
  private started = false;
  private xBlocks: Float32Array[] = [];
  private yBlocks: Int32Array[] = [];
  private xFill = BLOCK;
  private yFill = BLOCK;
  private count = 0;
  private maxLabel = 0;

  constructor(
    private readonly opts: CsvOptions,
    private readonly source: string,
  ) {}

  fail(msg: string): never {
    throw new TrainerError('DATA_LOAD', `CSV ${this.source}: ${msg}`);
  }

  /** Consumes one record that ended on 1-based `line`. */
  add(fields: string[], line: number): void {
    if (!this.started) {
      this.started = true;
      if (this.opts.header ?? fields.some((v) => !NUMBER.test(v))) {
        this.header = fields;
        this.setWidth(fields.length);
        return;
      }
      this.setWidth(fields.length);
    }
    if (fields.length !== this.width) this.fail(`line ${line} has ${fields.length} fields, expected ${this.width}`);
    for (let c = 0; c < this.width; c++) {
      const v = fields[c];
      if (!NUMBER.test(v)) this.fail(`line ${line}, column ${this.colName(c)}: '${v}' is not a number`);
      const n = Number(v);
      if (c === this.labelCol) {
        if (!Number.isInteger(n) || n < 0 || n > 65_535) this.fail(`line ${line}, label column ${this.colName(c)}: '${v}' is not a class index (integer 0..65535)`);
        this.pushLabel(n);
        if (n > this.maxLabel) this.maxLabel = n;
      } else {
        if (!Number.isFinite(n)) this.fail(`line ${line}, column ${this.colName(c)}: '${v}' is not finite`);
        this.pushFeature(n);
      }
    }
    this.count++;
  }

  finish(name: string): Dataset {
    if (!this.started) this.fail('no rows');
    if (this.count === 0) this.fail('no data rows after the header');
    const f = this.width - 1;
    const x = new Float32Array(this.count * f);
    const y = new Int32Array(this.count);
    concat(this.xBlocks, x);
    concat(this.yBlocks, y);
    this.xBlocks = [];
    this.yBlocks = [];
    const numClasses = this.opts.numClasses ?? Math.max(2, this.maxLabel + 1);
    if (this.maxLabel >= numClasses) this.fail(`label ${this.maxLabel} is not below the class count ${numClasses}`);
    return { x, y, featureShape: [f], numClasses, count: this.count, name };
  }

  private setWidth(width: number): void {
    this.width = width;
    if (width < 2) this.fail(`needs a label column and at least one feature column (found ${width} column(s))`);
    const { label } = this.opts;
    if (typeof label === 'string') {
      if (!this.header) this.fail(`label column '${label}' given by name but the file has no header`);
      this.labelCol = this.header!.indexOf(label);
      if (this.labelCol < 0) this.fail(`no column named '${label}' (columns: ${this.header!.join(', ')})`);
    } else if (typeof label === 'number') {
      if (!Number.isInteger(label) || label < 0 || label >= width) this.fail(`label column index ${label} is outside [0, ${width})`);
      this.labelCol = label;
    } else this.labelCol = this.header?.includes('label') ? this.header.indexOf('label') : 0;
  }

  private colName(c: number): string {
    return this.header ? `'${this.header[c]}'` : `${c}`;
  }

  private pushFeature(v: number): void {
    if (this.xFill === BLOCK) {
      this.xBlocks.push(new Float32Array(BLOCK));
      this.xFill = 0;
    }
    this.xBlocks[this.xBlocks.length - 1][this.xFill++] = v;
  }

  private pushLabel(v: number): void {
    if (this.yFill === BLOCK) {
      this.yBlocks.push(new Int32Array(BLOCK));
      this.yFill = 0;
    }
    this.yBlocks[this.yBlocks.length - 1][this.yFill++] = v;
  }
}

function concat<T extends Float32Array | Int32Array>(blocks: T[], out: T): void {
  let offset = 0;
  for (const b of blocks) {
    const n = Math.min(b.length, out.length - offset);
    out.set(b.subarray(0, n), offset);
    offset += n;
  }
}
