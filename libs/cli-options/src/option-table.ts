/**
 * @module option-table
 * The shape of one command-line option: its flag, the environment variable
 * that stands in for it, how its value is checked, its default and its help.
 */
import type { Validator } from './validators';

export interface CliOption {
  /** Property name in the parsed values. */
  key: string;
  /** Long flag, e.g. `--port`. */
  flag: `--${string}`;
  /** One-letter alias, e.g. `h` for `-h`. */
  short?: string;
  /** Environment variable read when the flag is absent. */
  env?: string;
  /** `boolean` (a bare flag; from the environment 1/0, true/false, yes/no) or a validator of the text value. */
  kind: 'boolean' | Validator;
  /** Raw default, checked like any given value; absent → the value is `undefined` (booleans: `false`). */
  default?: string;
  /** One line (or several, `\n`-separated) of usage text. */
  help: string;
  /** Placeholder shown after the flag in usage text (default `<v>`). */
  metavar?: string;
  /** Never echo the value (it shows as `(hidden)`). */
  secret?: boolean;
}

/** Where a value came from: the flag, its environment variable, or the default. */
export type ValueSource = 'flag' | 'env' | 'default';
