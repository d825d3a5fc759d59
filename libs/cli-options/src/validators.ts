/**
 * @module validators
 * Small value checkers for option tables: each turns the raw text of a flag,
 * environment variable or default into a value, or says why it cannot.
 */

/** A checked value, or the reason (worded to follow "<source>: ") it was refused. */
export type Checked<T> = { ok: true; value: T } | { ok: false; why: string };
/** Turns one raw string into a value. */
export type Validator<T = unknown> = (raw: string) => Checked<T>;

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const no = (why: string): Checked<never> => ({ ok: false, why });

/** A whole number in `[min, max]` (surrounding blanks ignored); `why` replaces both default reasons. */
export function int(min: number, max: number, why?: string): Validator<number> {
  return (raw) => {
    const t = raw.trim();
    if (!/^-?\d+$/.test(t)) return no(why ?? 'must be an integer');
    const n = Number(t);
    return n < min || n > max ? no(why ?? `must be between ${min} and ${max}`) : ok(n);
  };
}

/** Any text that is not blank, trimmed. */
export const nonEmpty = (why = 'must not be empty'): Validator<string> => (raw) => (raw.trim() === '' ? no(why) : ok(raw.trim()));

/** One of a fixed set of words. */
export function oneOf<T extends string>(values: readonly T[]): Validator<T> {
  return (raw) => (values.includes(raw.trim() as T) ? ok(raw.trim() as T) : no(`must be one of ${values.join(', ')}`));
}

/** Empty = unset (`null`); otherwise must match `pattern` (`hint` says what it wants). */
export function optional(pattern: RegExp, hint: string): Validator<string | null> {
  return (raw) => (raw.trim() === '' ? ok(null) : pattern.test(raw.trim()) ? ok(raw.trim()) : no(`must be ${hint}`));
}

/** Comma-separated list; blanks dropped; frozen. */
export const list = (): Validator<readonly string[]> => (raw) => ok(Object.freeze(raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0)));

/** Any text at all, as given. */
export const text = (): Validator<string> => (raw) => ok(raw);

/** `1 true yes on` / `0 false no off` (and empty = false), for boolean options read from the environment. */
export function parseBoolean(raw: string): Checked<boolean> {
  const t = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(t)) return ok(true);
  if (['', '0', 'false', 'no', 'off'].includes(t)) return ok(false);
  return no('must be true or false (1/0, yes/no, on/off)');
}

/** A finite decimal number (`0.5`, `1e-5`) in `[min, max]`; `exclusiveMin` / `exclusiveMax` open either end. */
export function real(min: number, max: number, opts: { exclusiveMin?: boolean; exclusiveMax?: boolean } = {}): Validator<number> {
  const range = `${opts.exclusiveMin ? '(' : '['}${min}, ${max}${opts.exclusiveMax ? ')' : ']'}`;
  return (raw) => {
    const t = raw.trim();
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return no('must be a number');
    const n = Number(t);
    if (!Number.isFinite(n) || n > max || n < min || (opts.exclusiveMin && n === min) || (opts.exclusiveMax && n === max)) return no(`must be in ${range}`);
    return ok(n);
  };
}
