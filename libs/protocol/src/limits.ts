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

/** Longest client software version (`RegisterRequest.clientVersion`) accepted. */
export const MAX_CLIENT_VERSION_LENGTH = 64;
/** What a client software version looks like: semver (major.minor.patch, optional -pre-release and +build of letters, digits, `.` and `-`). */
export const CLIENT_VERSION_PATTERN = /^\d{1,9}\.\d{1,9}\.\d{1,9}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** Most extra metric names one evaluation result may carry (`EvaluateResult.metrics`). */
export const MAX_EVAL_METRICS = 16;
/** Longest extra metric name; names are letters, digits and `_.:-`. */
export const MAX_METRIC_NAME_LENGTH = 64;
/** What an extra metric name looks like. */
export const METRIC_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_.:-]*$/;
/** Longest job `evalData` spec (a data spec string) accepted. */
export const MAX_DATA_SPEC_LENGTH = 1024;

/**
 * Content hash of model blobs (`ModelRef.hash`): SHA-256, lower-case hex.
 * Every client verifies every global model it downloads, so its speed
 * matters: with the SHA extensions of current x86-64 (SHA-NI) and ARMv8 CPUs,
 * node:crypto's SHA-256 runs ≈ 2× faster than BLAKE2b-512 (2.6 vs 5.1 ms per
 * 4 MB on the benchmark VM); BLAKE2b only wins on CPUs without them.
 */
export const MODEL_HASH_ALGORITHM = 'sha256' as const;
