/**
 * @module guards
 * Small named guards used by the message validators. Each records a problem
 * under the field's path instead of throwing, so a refusal lists every bad
 * field at once.
 */
export class Problems {
  readonly list: string[] = [];
  add(path: string, msg: string): void {
    this.list.push(`${path} ${msg}`);
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

export function str(p: Problems, o: Record<string, unknown>, key: string, max: number, optional = false): void {
  const v = o[key];
  if (v === undefined && optional) return;
  if (typeof v !== 'string' || v.length === 0) p.add(key, 'must be a non-empty string');
  else if (v.length > max) p.add(key, `must be at most ${max} characters`);
}

export function int(p: Problems, o: Record<string, unknown>, key: string, min: number, max: number, optional = false): void {
  const v = o[key];
  if (v === undefined && optional) return;
  if (typeof v !== 'number' || !Number.isInteger(v)) p.add(key, 'must be an integer');
  else if (v < min || v > max) p.add(key, `must be between ${min} and ${max}`);
}

export function finite(p: Problems, o: Record<string, unknown>, key: string, min = -Infinity, max = Infinity): void {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) p.add(key, 'must be a finite number');
  else if (v < min || v > max) p.add(key, `must be between ${min} and ${max}`);
}

export function bytes(p: Problems, o: Record<string, unknown>, key: string, maxLen: number): void {
  const v = o[key];
  if (!(v instanceof Uint8Array)) p.add(key, 'must be binary (Buffer / Uint8Array)');
  else if (v.byteLength > maxLen) p.add(key, `must be at most ${maxLen} bytes (got ${v.byteLength})`);
}

export function oneOf(p: Problems, o: Record<string, unknown>, key: string, values: readonly string[]): void {
  const v = o[key];
  if (typeof v !== 'string' || !values.includes(v)) p.add(key, `must be one of ${values.join(', ')}`);
}
