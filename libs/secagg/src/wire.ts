/**
 * @module wire
 * Stage messages as ONE binary blob for transports. A stage message is plain
 * data whose binary fields are `Uint8Array` (keys, ciphertexts, shares,
 * signatures) or `Uint32Array` (ring words); a share-keys request alone holds
 * 3·|N[u]| of them. Transports limit how many binary attachments one message
 * may have (socket.io-parser refuses more than 10), so `packMessage` writes
 *
 *   "SAW1" ‖ u32le(headerLen) ‖ header (UTF-8 JSON) ‖ blob_0 ‖ blob_1 ‖ …
 *
 * The header is space-padded and `u32` blobs are placed at multiples of 4,
 * so a received vector is a `Uint32Array` view whenever the buffer is aligned.
 *
 * where the header is the message with every typed array replaced by
 * `{"$b": [offset, length], "$t": "u8" | "u32"}` (offsets into the blob area).
 * `unpackMessage` reverses it with bounds checks: `u8` fields become views
 * (no copy), `u32` fields views when aligned. Anything malformed — bad magic,
 * truncated, out-of-range blobs, too deep, keys that could reach
 * `Object.prototype` — is refused with `BAD_PAYLOAD`; the stage functions
 * then validate the content as for any message.
 */
import { SecAggError, SecAggErrorCode } from './errors';

const MAGIC = [0x53, 0x41, 0x57, 0x31]; // "SAW1"
const MAX_DEPTH = 8;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

const bad = (msg: string): never => {
  throw new SecAggError(SecAggErrorCode.BadPayload, `wire message: ${msg}`);
};

/** Packs a stage message (any plain data with typed arrays) into one byte array. */
export function packMessage(msg: unknown): Uint8Array {
  const blobs: Uint8Array[] = [];
  let offset = 0;
  const header = JSON.stringify(
    (function walk(v: unknown, depth: number): unknown {
      if (ArrayBuffer.isView(v)) {
        const tag = Object.prototype.toString.call(v);
        if (tag !== '[object Uint8Array]' && tag !== '[object Uint32Array]') return bad(`cannot pack ${tag}`);
        const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
        if (tag === '[object Uint32Array]' && offset % 4 !== 0) {
          blobs.push(new Uint8Array(4 - (offset % 4)));
          offset += 4 - (offset % 4);
        }
        blobs.push(bytes);
        const ref = { $b: [offset, bytes.byteLength], $t: tag === '[object Uint8Array]' ? 'u8' : 'u32' };
        offset += bytes.byteLength;
        return ref;
      }
      if (depth > MAX_DEPTH) return bad('nested too deeply');
      if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
      if (v !== null && typeof v === 'object') {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = walk(x, depth + 1);
        return out;
      }
      return v;
    })(msg, 0),
  );
  const raw = enc.encode(header);
  const head = new Uint8Array(raw.byteLength + ((4 - (raw.byteLength % 4)) % 4)).fill(0x20); // pad: area starts 4-aligned
  head.set(raw);
  const out = new Uint8Array(8 + head.byteLength + offset);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, head.byteLength, true);
  out.set(head, 8);
  let at = 8 + head.byteLength;
  for (const b of blobs) {
    out.set(b, at);
    at += b.byteLength;
  }
  return out;
}

/** Unpacks `packMessage` output. @throws SecAggError BAD_PAYLOAD */
export function unpackMessage(bytes: Uint8Array): unknown {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength < 8) return bad('too short');
  for (let i = 0; i < 4; i++) if (bytes[i] !== MAGIC[i]) return bad('bad magic');
  const headLen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (8 + headLen > bytes.byteLength) return bad('truncated header');
  let header: unknown;
  try {
    header = JSON.parse(dec.decode(bytes.subarray(8, 8 + headLen)));
  } catch {
    return bad('header is not JSON');
  }
  const area = bytes.subarray(8 + headLen);
  const revive = (v: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) return bad('nested too deeply');
    if (Array.isArray(v)) return v.map((x) => revive(x, depth + 1));
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if ('$b' in o) return blob(o, area);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) {
      if (FORBIDDEN.has(k)) return bad(`forbidden key ${k}`);
      out[k] = revive(o[k], depth + 1);
    }
    return out;
  };
  return revive(header, 0);
}

function blob(ref: Record<string, unknown>, area: Uint8Array): Uint8Array | Uint32Array {
  const b = ref.$b;
  if (!Array.isArray(b) || b.length !== 2 || !b.every((x) => Number.isInteger(x) && x >= 0)) return bad('bad blob reference');
  const [off, len] = b as [number, number];
  if (off + len > area.byteLength) return bad('blob out of range');
  const bytes = area.subarray(off, off + len);
  if (ref.$t === 'u8') return bytes;
  if (ref.$t !== 'u32') return bad('bad blob type');
  const words = wordsOf(bytes);
  return words ?? bad('u32 blob is not a whole number of words');
}

/**
 * Ring words (little-endian uint32) of a received byte vector: a view when the
 * bytes are 4-aligned, else one copy. Returns null when the length is not a
 * whole number of words.
 */
export function wordsOf(bytes: Uint8Array): Uint32Array | null {
  if (bytes.byteLength % 4 !== 0) return null;
  if (bytes.byteOffset % 4 === 0) return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Uint32Array(copy.buffer);
}
