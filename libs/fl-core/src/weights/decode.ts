/**
 * @module weights/decode
 * Strict structural decoder for the FLW1 binary format (see `weights/format`):
 * magic, header, layout, sizes. It does NOT scan the values for NaN/Inf:
 * `deserializeWeights` adds that, and `WeightedDeltaSum.addSerialized` lets
 * its store scan while it copies the update in, so the bytes are read once.
 * Internal: not exported from the package.
 *
 * A 4-byte-aligned input yields a zero-copy Float32Array view into the input's
 * buffer (so the caller must not reuse that buffer while the weights live); an
 * unaligned input is copied.
 */
import { MAX_MODEL_BYTES, type TensorSpec } from '@fl/protocol';
import { WeightsError } from '../errors/weights-error';
import { dataOffset, HOST_LITTLE_ENDIAN, isUint8Array, MAX_HEADER_BYTES, PREAMBLE_BYTES, WEIGHTS_MAGIC } from './format';
import { countUnchecked, layoutProblem, layoutsEqual } from './layout';
import type { ModelWeights } from './model-weights';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function bad(message: string): WeightsError {
  return new WeightsError('BAD_PAYLOAD', message);
}

function hasExactKeys(o: unknown, keys: readonly string[]): o is Record<string, unknown> {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return false;
  const own = Object.keys(o);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(o, k));
}

function parseHeader(bytes: Uint8Array, length: number): TensorSpec[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(bytes.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + length)));
  } catch {
    throw bad('weights header is not valid UTF-8 JSON');
  }
  if (!hasExactKeys(parsed, ['layout'])) throw bad('weights header must be exactly { layout }');
  const layout = parsed.layout;
  if (!Array.isArray(layout)) throw bad('weights header layout must be an array');
  layout.forEach((t: unknown, i) => {
    if (!hasExactKeys(t, ['name', 'shape'])) throw bad(`weights header layout[${i}] must be exactly { name, shape }`);
  });
  const problem = layoutProblem(layout);
  if (problem) throw bad(`weights header: ${problem}`);
  return layout as TensorSpec[];
}

function readData(bytes: Uint8Array, offset: number, n: number): Float32Array {
  const start = bytes.byteOffset + offset;
  if (HOST_LITTLE_ENDIAN) {
    if (start % 4 === 0) return new Float32Array(bytes.buffer, start, n);
    const copy = new Uint8Array(4 * n);
    copy.set(bytes.subarray(offset, offset + 4 * n));
    return new Float32Array(copy.buffer);
  }
  const view = new DataView(bytes.buffer, start, 4 * n);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

/**
 * Decodes serialized weights and validates everything but the values.
 * @param expected when given, the decoded layout must equal it (names and shapes, in order).
 * @throws WeightsError OVERSIZED, WRONG_SHAPE, BAD_PAYLOAD (as `deserializeWeights`).
 */
export function decodeWeights(bytes: Uint8Array, expected?: TensorSpec[]): ModelWeights {
  if (!isUint8Array(bytes)) throw bad('weights must be binary (Uint8Array / Buffer)');
  const size = bytes.byteLength;
  if (size > MAX_MODEL_BYTES) throw new WeightsError('OVERSIZED', `weights are ${size} bytes, limit ${MAX_MODEL_BYTES}`);
  if (size < PREAMBLE_BYTES) throw bad(`weights are ${size} bytes, shorter than the ${PREAMBLE_BYTES}-byte preamble`);
  for (let i = 0; i < WEIGHTS_MAGIC.length; i++) if (bytes[i] !== WEIGHTS_MAGIC[i]) throw bad("weights do not start with magic 'FLW1'");

  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, PREAMBLE_BYTES).getUint32(4, true);
  if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) throw bad(`weights header length ${headerLength} out of bounds [2, ${MAX_HEADER_BYTES}]`);
  if (PREAMBLE_BYTES + headerLength > size) throw bad(`weights header length ${headerLength} runs past the ${size}-byte payload`);
  const layout = parseHeader(bytes, headerLength);

  const offset = dataOffset(headerLength);
  if (offset > size) throw bad('weights end inside the header padding');
  for (let i = PREAMBLE_BYTES + headerLength; i < offset; i++) if (bytes[i] !== 0) throw bad('weights header padding is not zero');

  const n = countUnchecked(layout, MAX_MODEL_BYTES / 4);
  if (!Number.isFinite(n) || offset + 4 * n > MAX_MODEL_BYTES)
    throw new WeightsError('OVERSIZED', `weights layout needs more than ${MAX_MODEL_BYTES} bytes`);
  if (expected !== undefined && !layoutsEqual(layout, expected))
    throw new WeightsError('WRONG_SHAPE', 'weights layout does not match the expected layout (names and shapes)');
  if (size !== offset + 4 * n) throw bad(`weights are ${size} bytes, layout needs ${offset + 4 * n}`);

  return { layout, data: readData(bytes, offset, n) };
}
