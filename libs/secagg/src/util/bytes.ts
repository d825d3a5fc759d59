/**
 * @module util/bytes
 * Byte helpers: length-prefixed encoding (every KDF and signature transcript
 * field is `u32le(len) ‖ bytes`, so no two field lists collide), hex, equality
 * and the uint32 little-endian word view used by the mask PRGs.
 */
const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

export const utf8 = (s: string): Uint8Array => enc.encode(s);
export const fromUtf8 = (b: Uint8Array): string => dec.decode(b);

export function u32le(v: number): Uint8Array {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`u32 out of range: ${v}`);
  const out = new Uint8Array(4);
  out[0] = v & 0xff;
  out[1] = (v >>> 8) & 0xff;
  out[2] = (v >>> 16) & 0xff;
  out[3] = (v >>> 24) & 0xff;
  return out;
}

export function readU32le(b: Uint8Array, off: number): number {
  return (b[off] | (b[off + 1] << 8) | (b[off + 2] << 16) | (b[off + 3] << 24)) >>> 0;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/**
 * `u32le(len) ‖ bytes` for every field, strings as UTF-8 (`TextEncoder`),
 * numbers as u32le. Byte-identical to `concat` of the encoded parts (tested).
 * It runs for every KDF call, transcript and share plaintext: a few dozen
 * times per client and round, i.e. mostly cold, so it is kept small (each
 * part encoded natively, then one length-prefixed copy): a per-character
 * loop made it one of the costliest functions of a client to optimise.
 * Only byte fields can be secret; they are copied into the output and nowhere else.
 */
export function lengthPrefixed(fields: readonly (Uint8Array | string | number)[]): Uint8Array {
  const n = fields.length;
  const parts = new Array<Uint8Array>(n);
  let len = 0;
  for (let i = 0; i < n; i++) {
    const f = fields[i];
    const part = typeof f === 'string' ? enc.encode(f) : typeof f === 'number' ? u32le(f) : f;
    parts[i] = part;
    len += 4 + part.length;
  }
  const out = new Uint8Array(len);
  const view = new DataView(out.buffer);
  let off = 0;
  for (let i = 0; i < n; i++) {
    const part = parts[i];
    view.setUint32(off, part.length, true);
    out.set(part, off + 4);
    off += 4 + part.length;
  }
  return out;
}

/** Inverse of `lengthPrefixed` for byte fields; throws on trailing or truncated data. */
export function splitLengthPrefixed(b: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let off = 0;
  while (off < b.length) {
    if (off + 4 > b.length) throw new RangeError('truncated length prefix');
    const len = readU32le(b, off);
    off += 4;
    if (off + len > b.length) throw new RangeError('truncated field');
    out.push(b.subarray(off, off + len));
    off += len;
  }
  return out;
}

export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i].toString(16).padStart(2, '0');
  return s;
}

/**
 * An injective string for a byte array (one UTF-16 code unit per byte), for
 * Set/Map keys: one native `String.fromCharCode` call per 4 KiB instead of a
 * `toString(16)` per byte.
 */
export function byteKey(b: Uint8Array): string {
  if (b.length <= 4096) return String.fromCharCode.apply(null, b as unknown as number[]);
  let s = '';
  for (let off = 0; off < b.length; off += 4096) s += String.fromCharCode.apply(null, b.subarray(off, off + 4096) as unknown as number[]);
  return s;
}

export function fromHex(h: string): Uint8Array {
  if (h.length % 2 !== 0 || /[^0-9a-fA-F]/.test(h)) throw new RangeError('bad hex');
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.substr(2 * i, 2), 16);
  return out;
}

/** Constant-time (for equal lengths) byte comparison. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

export function isAllZero(b: Uint8Array): boolean {
  let d = 0;
  for (let i = 0; i < b.length; i++) d |= b[i];
  return d === 0;
}

const tag = (v: unknown): string => Object.prototype.toString.call(v);

/**
 * True for a Uint8Array (or Buffer) of length `len` when given. Realm-safe: under
 * Jest, node:crypto's Buffers are not `instanceof` the test realm's Uint8Array.
 */
export function isBytes(v: unknown, len?: number): v is Uint8Array {
  return ArrayBuffer.isView(v) && tag(v) === '[object Uint8Array]' && (len === undefined || (v as Uint8Array).length === len);
}

/** Realm-safe Uint32Array check. */
export function isWords(v: unknown): v is Uint32Array {
  return ArrayBuffer.isView(v) && tag(v) === '[object Uint32Array]';
}

/** Best-effort wipe of secret material. */
export function wipe(...bs: (Uint8Array | undefined)[]): void {
  for (const b of bs) b?.fill(0);
}

/** True on little-endian hosts (every platform Node and browsers ship on). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Little-endian bytes of a word vector, for the wire (a view on little-endian hosts, no copy). */
export function encodeWords(w: Uint32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(w.buffer, w.byteOffset, w.byteLength);
  const out = new Uint8Array(w.length * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < w.length; i++) dv.setUint32(4 * i, w[i], true);
  return out;
}

/** Words from little-endian wire bytes (length a multiple of 4); always a fresh, aligned copy. */
export function decodeWords(b: Uint8Array): Uint32Array {
  if (b.length % 4 !== 0) throw new RangeError('word bytes must be a multiple of 4 long');
  const out = new Uint32Array(b.length / 4);
  if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(b);
  else {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < out.length; i++) out[i] = dv.getUint32(4 * i, true);
  }
  return out;
}
