/**
 * @module aggregation/delta-store
 * What `WeightedDeltaSum` needs from its storage backend (`JsDeltaStore`,
 * `WasmDeltaStore`): fold in a validated-shape update, expose Σ w_k·(x_k − x_t)
 * and hand out upload buffers. Shape, type and weight checks stay in
 * `WeightedDeltaSum`; stores check NaN/Inf and leave the sum untouched when
 * they refuse.
 */
import { WeightsError } from '../errors/weights-error';
import type { UpdateBuffer } from './update-buffer';

export interface DeltaStore {
  /** s += w·(x − g), after scanning x for NaN/Inf. @throws WeightsError NON_FINITE (the sum unchanged). */
  add(x: Float32Array, w: number): void;
  /** The current sum (every `add` folded in). */
  sum(): Float64Array;
  updateBuffer(byteLength: number): UpdateBuffer;
  /** Frees the storage; later calls throw InvalidArgumentError. Idempotent. */
  dispose(): void;
}

export function nonFiniteUpdate(value: number, index: number): WeightsError {
  return new WeightsError('NON_FINITE', `update contains ${value} at index ${index}`);
}
