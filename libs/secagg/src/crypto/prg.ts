/**
 * @module crypto/prg
 * The mask PRG contract (ALGORITHMS.md §8.1): a stream cipher keyed with a full
 * 32-byte seed, its keystream read as little-endian uint32 words and added (or
 * subtracted) into a Uint32Array accumulator modulo 2^32. Because R = 2^32 is a
 * power of two, every word is uniform with no rejection sampling.
 *
 * Keystreams are produced in 64 KiB chunks and added straight into the
 * accumulator (memory O(chunk), never a second O(P) buffer). `addMasks` fuses
 * up to four streams of one sign per pass over the accumulator, which cuts
 * accumulator traffic (≈ 1.7× faster adds than one stream per pass). Only
 * 32-byte keys are accepted: a folded 32/53-bit seed is brute-forceable
 * (pitfall §10.1).
 */
import { KEY_BYTES, PRG_CHUNK_BYTES, type PrgId } from '../constants';
import { SecAggError, SecAggErrorCode } from '../errors';
import { isBytes, isWords, LITTLE_ENDIAN } from '../util/bytes';

export interface Mask {
  key: Uint8Array;
  sign: 1 | -1;
}

export interface MaskPrg {
  /** Protocol PRG id: both sides must use the same. */
  readonly id: PrgId;
  /** Which implementation (for logs and benchmarks). */
  readonly impl: string;
  /** `acc[i] = acc[i] + sign·word_i(key) mod 2^32` for every i < acc.length. */
  addMask(acc: Uint32Array, key: Uint8Array, sign: 1 | -1): void;
  /** Same as `addMask` for each mask, fused: identical result, fewer passes. */
  addMasks(acc: Uint32Array, masks: readonly Mask[]): void;
}

/** A keystream in order: each call returns the next `bytes` bytes (a multiple of 4, ≤ 64 KiB). */
export type KeystreamReader = (bytes: number) => Uint8Array;

export function checkPrgKey(key: unknown): asserts key is Uint8Array {
  if (!isBytes(key, KEY_BYTES)) throw new SecAggError(SecAggErrorCode.BadKey, `PRG key must be exactly ${KEY_BYTES} bytes`);
}

export function checkAccumulator(acc: unknown): asserts acc is Uint32Array {
  if (!isWords(acc)) throw new SecAggError(SecAggErrorCode.BadPayload, 'accumulator must be a Uint32Array');
}

/** Little-endian uint32 view of a chunk (copied when misaligned or on a big-endian host). */
function words(bytes: Uint8Array): Uint32Array {
  const n = bytes.length >>> 2;
  if (LITTLE_ENDIAN && (bytes.byteOffset & 3) === 0) return new Uint32Array(bytes.buffer, bytes.byteOffset, n);
  const out = new Uint32Array(n);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, n * 4);
  for (let i = 0; i < n; i++) out[i] = dv.getUint32(4 * i, true);
  return out;
}

/**
 * Adds the little-endian words of `bytes` (length a multiple of 4) into
 * `acc[off …]` with `sign`. Uint32Array stores wrap modulo 2^32, and a sum of
 * uint32 values is exact in a double, so `+=` is the ring addition.
 */
export function addWords(acc: Uint32Array, off: number, bytes: Uint8Array, sign: 1 | -1): void {
  const w = words(bytes);
  const n = w.length;
  if (sign === 1) for (let i = 0; i < n; i++) acc[off + i] += w[i];
  else for (let i = 0; i < n; i++) acc[off + i] -= w[i];
}

/** acc[off + i] ± (a[i] + b[i] + c[i] + d[i]) for up to four word arrays (missing ones absent). */
function addGroup(acc: Uint32Array, off: number, ws: Uint32Array[], n: number, sign: 1 | -1): void {
  const [a, b, c, d] = ws;
  if (ws.length === 4) {
    if (sign === 1) for (let i = 0; i < n; i++) acc[off + i] += a[i] + b[i] + c[i] + d[i];
    else for (let i = 0; i < n; i++) acc[off + i] -= a[i] + b[i] + c[i] + d[i];
  } else if (ws.length === 3) {
    if (sign === 1) for (let i = 0; i < n; i++) acc[off + i] += a[i] + b[i] + c[i];
    else for (let i = 0; i < n; i++) acc[off + i] -= a[i] + b[i] + c[i];
  } else if (ws.length === 2) {
    if (sign === 1) for (let i = 0; i < n; i++) acc[off + i] += a[i] + b[i];
    else for (let i = 0; i < n; i++) acc[off + i] -= a[i] + b[i];
  } else if (sign === 1) for (let i = 0; i < n; i++) acc[off + i] += a[i];
  else for (let i = 0; i < n; i++) acc[off + i] -= a[i];
}

/**
 * Drives `open(key)` readers over the accumulator, four same-sign streams per
 * pass, 64 KiB at a time. Every implementation's `addMasks` is this loop.
 */
export function streamMasks(acc: Uint32Array, masks: readonly Mask[], open: (key: Uint8Array) => KeystreamReader): void {
  checkAccumulator(acc);
  for (const m of masks) {
    checkPrgKey(m.key);
    if (m.sign !== 1 && m.sign !== -1) throw new SecAggError(SecAggErrorCode.BadPayload, 'mask sign must be ±1');
  }
  for (const sign of [1, -1] as const) {
    const keys = masks.filter((m) => m.sign === sign).map((m) => m.key);
    for (let g = 0; g < keys.length; g += 4) {
      const readers = keys.slice(g, g + 4).map(open);
      for (let off = 0; off < acc.length; off += PRG_CHUNK_BYTES / 4) {
        const n = Math.min(PRG_CHUNK_BYTES / 4, acc.length - off);
        addGroup(acc, off, readers.map((r) => words(r(n * 4))), n, sign);
      }
    }
  }
}

/** The first `n` keystream words of `key` (tests and diagnostics). */
export function maskWords(prg: MaskPrg, key: Uint8Array, n: number): Uint32Array {
  const acc = new Uint32Array(n);
  prg.addMask(acc, key, 1);
  return acc;
}
