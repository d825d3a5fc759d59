/**
 * @module weights/layout
 * A model layout is the named, ordered tensor list of `@fl/protocol`
 * (`TensorSpec[]`). Every vector in fl-core is one flat Float32Array holding
 * the tensors back to back in layout order (McMahan et al., AISTATS 2017).
 */
import type { TensorSpec } from '@fl/protocol';
import { WeightsError } from '../errors/weights-error';

/** Longest tensor name accepted, in characters. */
export const MAX_TENSOR_NAME_LENGTH = 256;
/** Highest tensor rank accepted. */
export const MAX_TENSOR_RANK = 8;

/**
 * Returns why `layout` is not a valid layout (non-empty unique names, shapes of
 * non-negative safe integers), or null when it is. Extra keys on entries are
 * tolerated here; the binary decoder is stricter.
 */
export function layoutProblem(layout: unknown): string | null {
  if (!Array.isArray(layout)) return 'layout must be an array';
  const seen = new Set<string>();
  for (let i = 0; i < layout.length; i++) {
    const t: unknown = layout[i];
    if (typeof t !== 'object' || t === null) return `layout[${i}] must be an object { name, shape }`;
    const { name, shape } = t as Record<string, unknown>;
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_TENSOR_NAME_LENGTH)
      return `layout[${i}].name must be a string of 1..${MAX_TENSOR_NAME_LENGTH} characters`;
    if (seen.has(name)) return `layout[${i}].name '${name}' is duplicated`;
    seen.add(name);
    if (!Array.isArray(shape) || shape.length > MAX_TENSOR_RANK)
      return `layout[${i}].shape must be an array of at most ${MAX_TENSOR_RANK} dims`;
    for (const d of shape as unknown[]) {
      if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0)
        return `layout[${i}].shape must hold non-negative integers (got ${JSON.stringify(d)})`;
    }
  }
  return null;
}

/** Number of elements of one tensor; `limit` guards the product (returns Infinity beyond it). */
export function tensorSize(shape: readonly number[], limit = Number.MAX_SAFE_INTEGER): number {
  if (shape.includes(0)) return 0;
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (n > limit) return Infinity;
  }
  return n;
}

/** Sum of tensor sizes, without validation; Infinity when it exceeds `limit`. */
export function countUnchecked(layout: readonly TensorSpec[], limit = Number.MAX_SAFE_INTEGER): number {
  let total = 0;
  for (const t of layout) {
    total += tensorSize(t.shape, limit);
    if (total > limit) return Infinity;
  }
  return total;
}

/**
 * Total number of parameters of a layout.
 * @throws WeightsError BAD_PAYLOAD for an invalid layout, OVERSIZED beyond 2^53.
 */
export function parameterCount(layout: TensorSpec[]): number {
  const problem = layoutProblem(layout);
  if (problem) throw new WeightsError('BAD_PAYLOAD', problem);
  const n = countUnchecked(layout);
  if (!Number.isFinite(n)) throw new WeightsError('OVERSIZED', 'layout has more than 2^53 parameters');
  return n;
}

/** True when both layouts list the same names and shapes in the same order. */
export function layoutsEqual(a: readonly TensorSpec[], b: readonly TensorSpec[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.name !== y.name || x.shape.length !== y.shape.length) return false;
    for (let j = 0; j < x.shape.length; j++) if (x.shape[j] !== y.shape[j]) return false;
  }
  return true;
}

/** A copy holding only `{ name, shape }` per tensor (drops any extra keys). */
export function normalizeLayout(layout: readonly TensorSpec[]): TensorSpec[] {
  return layout.map((t) => ({ name: t.name, shape: [...t.shape] }));
}
