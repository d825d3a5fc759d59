/**
 * @module topology/layer-config
 * Read access to one layer's `config` as TF.js Layers JSON writes it
 * (snake_case keys, `model.toJSON()`), also accepting the camelCase keys
 * TF.js itself accepts on load. Every getter checks its type and throws a
 * {@link TopologyError} naming the layer and key.
 */
import { TopologyError } from './topology-error';

/** A tensor shape with its batch dimension first; null = unknown (batch, or a free time axis). */
export type Shape = Array<number | null>;

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class LayerConfig {
  constructor(
    readonly className: string,
    readonly name: string,
    private readonly raw: Record<string, unknown>,
  ) {}

  bad(message: string): never {
    throw new TopologyError('BAD_TOPOLOGY', `layer ${this.name} (${this.className}): ${message}`);
  }

  /** The raw value under `key` (snake_case) or its camelCase twin. */
  get(key: string): unknown {
    return this.raw[key] !== undefined ? this.raw[key] : this.raw[camel(key)];
  }

  int(key: string, fallback?: number): number {
    const v = this.get(key) ?? fallback;
    if (!Number.isSafeInteger(v) || (v as number) < 0) this.bad(`${key} must be a non-negative integer (got ${JSON.stringify(v)})`);
    return v as number;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.get(key) ?? fallback;
    if (typeof v !== 'boolean') this.bad(`${key} must be true or false (got ${JSON.stringify(v)})`);
    return v as boolean;
  }

  str<T extends string>(key: string, fallback: T, allowed: readonly T[]): T {
    const v = this.get(key) ?? fallback;
    if (!allowed.includes(v as T)) this.bad(`${key} must be one of ${allowed.join(', ')} (got ${JSON.stringify(v)})`);
    return v as T;
  }

  /** A nested layer (`Bidirectional`, `TimeDistributed`): `{ class_name, config }`. */
  inner(): LayerConfig {
    const l = this.get('layer');
    if (!isRecord(l) || typeof l.class_name !== 'string' || !isRecord(l.config)) this.bad('layer must be { class_name, config }');
    const c = l.config as Record<string, unknown>;
    return new LayerConfig(l.class_name as string, typeof c.name === 'string' ? c.name : `${this.name}/inner`, c);
  }

  /** `batch_input_shape`, or `input_shape` with `batch_size`; null when neither is given. */
  inputShape(): Shape | null {
    const batch = this.get('batch_input_shape');
    const plain = this.get('input_shape');
    const dims = batch ?? plain;
    if (dims === undefined || dims === null) return null;
    if (!Array.isArray(dims) || !dims.every((d) => d === null || (Number.isSafeInteger(d) && d >= 0)))
      this.bad(`${batch !== undefined ? 'batch_input_shape' : 'input_shape'} must be an array of non-negative integers or nulls`);
    return batch !== undefined ? [...(dims as Shape)] : [null, ...(dims as Shape)];
  }
}

/** `shape[i]` (negative counts from the end), which must be known. */
export function knownDim(c: LayerConfig, shape: Shape, i: number, what: string): number {
  const at = i < 0 ? shape.length + i : i;
  const d = shape[at];
  if (at < 1 || at >= shape.length) c.bad(`axis ${i} is outside its input shape ${JSON.stringify(shape)}`);
  if (d === null || d === undefined) c.bad(`the ${what} of its input ${JSON.stringify(shape)} must be known to size the layer`);
  return d as number;
}

/** Checks the input rank (batch included). */
export function rank(c: LayerConfig, shape: Shape, n: number): void {
  if (shape.length !== n) c.bad(`expects an input of rank ${n} (batch included), got ${JSON.stringify(shape)}`);
}
