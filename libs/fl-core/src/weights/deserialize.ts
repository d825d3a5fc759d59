/**
 * @module weights/deserialize
 * Strict decoder for the FLW1 binary format (see `weights/format`). Every
 * received model or update passes through here (or through
 * `WeightedDeltaSum.addSerialized`, which scans while it copies); nothing
 * malformed, mis-shaped, oversized or non-finite gets past it.
 *
 * A 4-byte-aligned input yields a zero-copy Float32Array view into the input's
 * buffer (so the caller must not reuse that buffer while the weights live); an
 * unaligned input is copied.
 */
import type { TensorSpec } from '@fl/protocol';
import { WeightsError } from '../errors/weights-error';
import { decodeWeights } from './decode';
import { firstNonFinite } from './finite';
import type { ModelWeights } from './model-weights';

/**
 * Decodes and validates serialized weights.
 * @param expected when given, the decoded layout must equal it (names and shapes, in order).
 * @throws WeightsError OVERSIZED (beyond MAX_MODEL_BYTES), WRONG_SHAPE (layout ≠
 *   expected), NON_FINITE (any NaN/Inf), BAD_PAYLOAD (anything malformed).
 */
export function deserializeWeights(bytes: Uint8Array, expected?: TensorSpec[]): ModelWeights {
  const w = decodeWeights(bytes, expected);
  const badIndex = firstNonFinite(w.data);
  if (badIndex >= 0) throw new WeightsError('NON_FINITE', `weights contain ${w.data[badIndex]} at index ${badIndex}`);
  return w;
}
