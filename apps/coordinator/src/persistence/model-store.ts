/**
 * @module persistence/model-store
 * Content-addressed store of serialized models: the key is the model hash (protocol MODEL_HASH_ALGORITHM) of
 * the bytes, so a model is cached and shared by its content, never by a task
 * or job name (README.md "Storage"). An in-memory implementation serves now;
 * a disk/DB one replaces it later behind the same interface.
 *
 * Retention: the round engine deletes a global model once no job points at
 * it any more (see RoundsService), so memory holds the current model of each
 * job, not every round's.
 */
import type { TensorSpec } from '@fl/protocol';

export const MODEL_STORE = Symbol('MODEL_STORE');

export interface StoredModel {
  /** Model hash (protocol MODEL_HASH_ALGORITHM) of `bytes`. */
  readonly hash: string;
  /** Serialized weights (fl-core FLW1 format). Must not be mutated. */
  readonly bytes: Uint8Array;
  readonly layout: TensorSpec[];
  readonly topology: object | null;
  readonly parameterCount: number;
}

/** What a model is, without its bytes. */
export type ModelDescription = Omit<StoredModel, 'bytes'>;

export interface ModelStore {
  /** Stores the model (idempotent: same bytes → same hash). */
  put(model: StoredModel): Promise<void>;
  get(hash: string): Promise<StoredModel | undefined>;
  /** The descriptions of the stored models among `hashes`, without reading any bytes (listing the registry must not cost the models' size). */
  describe(hashes: readonly string[]): Promise<Map<string, ModelDescription>>;
  has(hash: string): Promise<boolean>;
  /** Forgets a model (no-op when absent). */
  delete(hash: string): Promise<void>;
}
