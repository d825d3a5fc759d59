/**
 * @module weights/format
 * The binary weights format, version 1 ("FLW1"). All integers little-endian.
 *
 * ```
 * offset 0      4 bytes   magic 'F' 'L' 'W' '1'
 * offset 4      u32       H = header length in bytes
 * offset 8      H bytes   UTF-8 JSON {"layout":[{"name":…,"shape":[…]},…]}
 *               0–3 bytes zero padding up to a multiple of 4
 * data offset   4·P bytes float32 values, layout order (P = parameter count)
 * ```
 * The 4-byte alignment of the data lets a decoder view a received buffer as
 * a Float32Array without copying. A new layout of the format gets a new magic.
 */
import type { TensorSpec } from '@fl/protocol';
import { normalizeLayout, parameterCount } from './layout';

export const WEIGHTS_MAGIC = Uint8Array.of(0x46, 0x4c, 0x57, 0x31); // 'FLW1'
/** Magic plus header length. */
export const PREAMBLE_BYTES = 8;
/** Largest JSON header a decoder accepts. */
export const MAX_HEADER_BYTES = 1024 * 1024;

/** True on little-endian hosts (every platform we run on); big-endian hosts fall back to DataView. */
export const HOST_LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

const utf8 = new TextEncoder();

/** The exact header bytes the encoder writes for `layout`. */
export function encodeHeader(layout: readonly TensorSpec[]): Uint8Array {
  return utf8.encode(JSON.stringify({ layout: normalizeLayout(layout) }));
}

/** Offset of the float32 data after a header of `headerBytes`. */
export function dataOffset(headerBytes: number): number {
  return (PREAMBLE_BYTES + headerBytes + 3) & ~3;
}

/** Size in bytes of `serializeWeights` output for `layout`. */
export function serializedSize(layout: TensorSpec[]): number {
  return dataOffset(encodeHeader(layout).length) + 4 * parameterCount(layout);
}

/** Cross-realm check (Node Buffers under Jest fail `instanceof Uint8Array`). */
export function isUint8Array(v: unknown): v is Uint8Array {
  return ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === '[object Uint8Array]';
}
