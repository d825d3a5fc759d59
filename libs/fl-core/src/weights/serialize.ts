/**
 * @module weights/serialize
 * Encodes `ModelWeights` into the FLW1 binary format (see `weights/format`).
 */
import { WeightsError } from '../errors/weights-error';
import { firstNonFinite } from './finite';
import { dataOffset, encodeHeader, HOST_LITTLE_ENDIAN, WEIGHTS_MAGIC, PREAMBLE_BYTES } from './format';
import { parameterCount } from './layout';
import type { ModelWeights } from './model-weights';

/**
 * Serializes weights into one freshly allocated buffer.
 * @throws WeightsError BAD_PAYLOAD (invalid layout), WRONG_SHAPE (data length ≠
 *   parameter count), NON_FINITE (NaN/Inf in data): bad weights never leave.
 */
export function serializeWeights(w: ModelWeights): Uint8Array {
  const n = parameterCount(w.layout);
  if (!(w.data instanceof Float32Array) && Object.prototype.toString.call(w.data) !== '[object Float32Array]')
    throw new WeightsError('BAD_PAYLOAD', 'weights data must be a Float32Array');
  if (w.data.length !== n) throw new WeightsError('WRONG_SHAPE', `layout has ${n} parameters, data has ${w.data.length}`);
  const bad = firstNonFinite(w.data);
  if (bad >= 0) throw new WeightsError('NON_FINITE', `weights contain ${w.data[bad]} at index ${bad}`);

  const header = encodeHeader(w.layout);
  const offset = dataOffset(header.length);
  const out = new Uint8Array(offset + 4 * n);
  out.set(WEIGHTS_MAGIC, 0);
  new DataView(out.buffer).setUint32(4, header.length, true);
  out.set(header, PREAMBLE_BYTES);
  if (HOST_LITTLE_ENDIAN) new Float32Array(out.buffer, offset, n).set(w.data);
  else {
    const view = new DataView(out.buffer, offset);
    for (let i = 0; i < n; i++) view.setFloat32(4 * i, w.data[i], true);
  }
  return out;
}
