/**
 * @module limits
 * Transport limits both sides must agree on.
 *
 * Binary payloads (models, updates) are split in chunks of at most
 * `MAX_CHUNK_BYTES`. The coordinator's socket.io `maxHttpBufferSize` is set to
 * `MAX_CHUNK_BYTES + MESSAGE_OVERHEAD_BYTES`; a larger message makes engine.io
 * drop that one connection, nobody else is affected.
 */
export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;
/** Head-room for the JSON envelope around one chunk. */
export const MESSAGE_OVERHEAD_BYTES = 256 * 1024;
/** Largest serialized model the platform accepts (≈ 64 M float32 parameters). */
export const MAX_MODEL_BYTES = 256 * 1024 * 1024;
/** Largest TF.js Layers JSON topology accepted, in characters. */
export const MAX_TOPOLOGY_CHARS = 2 * 1024 * 1024;
/** Longest identifier (client name, dataset name, job name) accepted. */
export const MAX_NAME_LENGTH = 128;

/**
 * Content hash of model blobs (`ModelRef.hash`): BLAKE2b-512 truncated to its
 * first 256 bits, hex. Chosen over SHA-256 because every client verifies every
 * global model it downloads, and BLAKE2b is ~2.7× faster in software on CPUs
 * without SHA extensions (7 vs 20 ms per 4 MB here).
 */
export const MODEL_HASH_ALGORITHM = 'blake2b512-256' as const;
