/**
 * @module messages/model
 * How a model is described on the wire. Weights travel as one binary blob
 * (see `@fl/fl-core` serialization), addressed by the SHA-256 of its bytes and
 * fetched in chunks with `model:fetch`.
 */

/** One named tensor of a model, in the model's canonical weight order. */
export interface TensorSpec {
  name: string;
  shape: number[];
}

/** A model blob as announced in a task. */
export interface ModelRef {
  /** Hex SHA-256 of the serialized weights. */
  hash: string;
  /** Total size of the serialized weights in bytes. */
  bytes: number;
  /** Chunk size used by `model:fetch`; every chunk but the last is this long. */
  chunkBytes: number;
  /** Number of chunks, `ceil(bytes / chunkBytes)`. */
  chunks: number;
  /** Canonical tensor layout (names and shapes) of the weights. */
  layout: TensorSpec[];
  /**
   * TF.js Layers topology (`model.toJSON()` output, parsed) used to build the
   * model on the client, or null for layout-only models (communication benchmarks).
   */
  topology: object | null;
}

/**
 * client → server, ack: the bytes of one chunk of a model blob.
 * Sent after `round:task` for every chunk the client does not hold yet.
 */
export interface ModelFetchRequest {
  hash: string;
  index: number;
}
export interface ModelFetchReply {
  index: number;
  data: Uint8Array;
}
