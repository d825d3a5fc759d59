/**
 * @module parse-options
 * Parses argv with `node:util` `parseArgs` (long and short flags,
 * `--flag value` and `--flag=value`, no positionals), falls back to each
 * option's environment variable, then its default, and checks every value.
 * Unlike strict `parseArgs`, it never stops at the first problem: unknown
 * flags, missing values, stray arguments and bad values are all collected so
 * the caller reports them together.
 */
import { parseArgs } from 'node:util';
import type { CliOption, ValueSource } from './option-table';
import { parseBoolean } from './validators';

type Env = Record<string, string | undefined>;

/** One refused value, before wording. */
export interface ValueProblem {
  option: CliOption;
  /** The flag (`--port`), the environment variable, or `default <key>`. */
  source: string;
  /** The raw text, or `(hidden)` for secrets; quoted with JSON.stringify otherwise. */
  shown: string;
  why: string;
}

export interface ParseSettings {
  /** Words a refused value; default `<source>=<shown>: <why>` (e.g. `FL_PORT="x": must be an integer`). */
  describe?: (p: ValueProblem) => string;
  /** Treat an empty environment variable as unset (default false: empty is a value like any other). */
  emptyEnvIsUnset?: boolean;
}

export interface ParsedOptions {
  /** Checked values by key (refused ones are `undefined`). */
  values: Record<string, unknown>;
  sources: Record<string, ValueSource>;
  /** Every problem, in order: command-line problems first, then bad values in table order. */
  problems: string[];
}

export const describeProblem = (p: ValueProblem): string => `${p.source}=${p.shown}: ${p.why}`;

/** Reads the command line; every unknown flag, missing value or stray argument becomes a problem. */
function readFlags(table: readonly CliOption[], argv: readonly string[], problems: string[]): Map<string, string | true> {
  const byName = new Map(table.map((o) => [o.flag.slice(2), o]));
  const options = Object.fromEntries(table.map((o) => [o.flag.slice(2), { type: o.kind === 'boolean' ? ('boolean' as const) : ('string' as const), ...(o.short ? { short: o.short } : {}) }]));
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const out = new Map<string, string | true>();
  let swallow = -1;
  for (const t of tokens) {
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') {
      if (t.index !== swallow) problems.push(`Unexpected positional argument '${t.value}'`);
      continue;
    }
    const o = byName.get(t.name);
    if (!o) {
      problems.push(`Unknown option '${t.rawName}'`);
      // `--bogus x`: x is most likely the unknown flag's value, not a second problem.
      if (!t.inlineValue) swallow = t.index + 1;
      continue;
    }
    if (o.kind === 'boolean') {
      if (t.inlineValue) problems.push(`${o.flag}: takes no value`);
      else out.set(o.key, true);
    } else if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--'))) {
      // Strict parseArgs refuses `--port --host x` too; a value starting with -- needs `--port=--…`.
      problems.push(`${o.flag}: missing value`);
    } else out.set(o.key, t.value);
  }
  return out;
}

/**
 * @example parseOptions(TABLE, process.argv.slice(2), process.env)
 * Never throws for bad input: the caller turns `problems` into its own error.
 */
export function parseOptions(table: readonly CliOption[], argv: readonly string[], env: Env, settings: ParseSettings = {}): ParsedOptions {
  const describe = settings.describe ?? describeProblem;
  const problems: string[] = [];
  const flags = readFlags(table, argv, problems);
  const values: Record<string, unknown> = {};
  const sources: Record<string, ValueSource> = {};
  for (const o of table) {
    const fromFlag = flags.get(o.key);
    let fromEnv = o.env === undefined ? undefined : env[o.env];
    if (settings.emptyEnvIsUnset && fromEnv === '') fromEnv = undefined;
    const [raw, from, source]: [string | true | undefined, ValueSource, string] =
      fromFlag !== undefined ? [fromFlag, 'flag', o.flag] : fromEnv !== undefined ? [fromEnv, 'env', o.env!] : [o.default, 'default', `default ${o.key}`];
    sources[o.key] = from;
    if (raw === true) {
      values[o.key] = true;
      continue;
    }
    if (raw === undefined) {
      values[o.key] = o.kind === 'boolean' ? false : undefined;
      continue;
    }
    const checked = o.kind === 'boolean' ? parseBoolean(raw) : o.kind(raw);
    if (checked.ok) values[o.key] = checked.value;
    else problems.push(describe({ option: o, source, shown: o.secret ? '(hidden)' : JSON.stringify(raw), why: checked.why }));
  }
  return { values, sources, problems };
}
