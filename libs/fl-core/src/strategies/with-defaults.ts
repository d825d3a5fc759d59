/**
 * @module strategies/with-defaults
 * Merges strategy options over their defaults, ignoring `undefined` values
 * (so `{ tau: undefined }` means "default", not "missing").
 */
export function withDefaults<T extends object>(defaults: T, options: Partial<T>): T {
  const out = { ...defaults };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
