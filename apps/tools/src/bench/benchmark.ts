/**
 * @module bench/benchmark
 * What a benchmark is to `bench.ts`: a name, its options (node:util
 * parseArgs config), and a `run` that returns the result object printed as the
 * last stdout line. New benchmarks (e.g. `serve`) add a file and one entry in
 * `bench/registry.ts`; new options of an existing benchmark (e.g. `--secure`,
 * `--graph`, `--dropout` for `round`) extend its `options` and `run`.
 */
import type { ParseArgsConfig } from 'node:util';

export type OptionValues = Record<string, string | boolean | undefined>;

export interface Benchmark {
  name: string;
  summary: string;
  /** Option lines for the help text. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: OptionValues, ctx: BenchContext): Promise<object>;
}

export interface BenchContext {
  /** Progress output (stdout, before the final JSON line). */
  say(line: string): void;
  json: boolean;
}

/** Reads an integer option within [min, max], or throws a USAGE error. */
export function intOption(values: OptionValues, key: string, def: number, min: number, max: number): number {
  const raw = values[key];
  if (raw === undefined) return def;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw Object.assign(new Error(`--${key} must be an integer in [${min}, ${max}] (got "${String(raw)}")`), { code: 'USAGE' });
  }
  return v;
}
