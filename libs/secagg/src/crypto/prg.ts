/**
 * @module crypto/prg
 * The mask PRG contract (README.md "Cryptography"): a stream cipher keyed with a full
 * 32-byte seed, its keystream read as little-endian uint32 words and added (or
 * subtracted) into a Uint32Array accumulator modulo 2^32. Because R = 2^32 is a
 * power of two, every word is uniform with no rejection sampling.
 *
 * Keystreams are produced in 64 KiB chunks, and every open stream is added into
 * one accumulator chunk before moving to the next (`streamMasks`): the chunk
 * stays in cache while k + 1 (client) or thousands of (server) streams land in
 * it, and no second O(P) buffer is ever made. The adds run in a WebAssembly
 * SIMD kernel where available (crypto/wasm-add), else in JS; both are exact
 * modulo 2^32 and give identical results (tested). An accumulator made by
 * `residentSum` (the server's running sum) already lives in WebAssembly
 * memory and is added into in place. Only 32-byte keys are
 * accepted: a folded 32/53-bit seed is brute-forceable.
 */
import { KEY_BYTES, PRG_CHUNK_BYTES, type PrgId } from '../constants';
import { SecAggError, SecAggErrorCode } from '../errors';
import { isBytes, isWords, LITTLE_ENDIAN } from '../util/bytes';
import { residentOf, wasmAdder, type ResidentSum, type WasmAdder } from './wasm-add';

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

/**
 * A keystream in order: each call returns the next `bytes` bytes (a multiple of
 * 4, ≤ 64 KiB). A reader may write them into `scratch` (at least `bytes` long,
 * shared by all readers and overwritten by the next read) and return a view of
 * it, or return bytes of its own; either way they are consumed before the next read.
 */
export type KeystreamReader = (bytes: number, scratch: Uint8Array) => Uint8Array;

export interface StreamOptions {
  /** Most keystreams open at once (default 1024); each window is one pass over the accumulator. */
  window?: number;
  /** Add with the WebAssembly SIMD kernel when available (default true); false forces the JS adds. */
  simd?: boolean;
}

const DEFAULT_WINDOW = 1024;

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

/** Readers in groups of up to four with one sign (the JS adds fuse a group per pass over a chunk). */
function groupBySign(streams: { read: KeystreamReader; sign: 1 | -1 }[]): { readers: KeystreamReader[]; sign: 1 | -1 }[] {
  const groups: { readers: KeystreamReader[]; sign: 1 | -1 }[] = [];
  for (const sign of [1, -1] as const) {
    const rs = streams.filter((s) => s.sign === sign).map((s) => s.read);
    for (let g = 0; g < rs.length; g += 4) groups.push({ readers: rs.slice(g, g + 4), sign });
  }
  return groups;
}

/**
 * Drives `open(key)` readers over the accumulator: for each 64 KiB chunk of it,
 * every open stream's next chunk is added — by the SIMD kernel one stream at a
 * time, else in JS four same-sign streams per pass — then the next chunk.
 * Every implementation's `addMasks` is this loop.
 */
export function streamMasks(acc: Uint32Array, masks: readonly Mask[], open: (key: Uint8Array) => KeystreamReader, options: StreamOptions = {}): void {
  checkAccumulator(acc);
  for (const m of masks) {
    checkPrgKey(m.key);
    if (m.sign !== 1 && m.sign !== -1) throw new SecAggError(SecAggErrorCode.BadPayload, 'mask sign must be ±1');
  }
  const window = Math.max(1, options.window ?? DEFAULT_WINDOW);
  const resident = options.simd === false ? undefined : residentOf(acc);
  if (resident) {
    try {
      for (let w = 0; w < masks.length; w += window) addWindowResident(resident, masks.slice(w, w + window), open);
    } finally {
      resident.scratch.fill(0);
    }
    return;
  }
  const simd = options.simd === false ? null : wasmAdder();
  const scratch = Array.from({ length: simd ? 1 : 4 }, () => new Uint8Array(PRG_CHUNK_BYTES));
  try {
    for (let w = 0; w < masks.length; w += window) addWindow(acc, masks.slice(w, w + window), open, simd, scratch);
  } finally {
    // Best effort: the last keystream chunk stays in these buffers otherwise.
    simd?.wipe();
    for (const s of scratch) s.fill(0);
  }
}

/** `addWindow` on an accumulator held in WebAssembly memory: each stream's chunk is added in place (no load/store). */
function addWindowResident(r: ResidentSum, masks: readonly Mask[], open: (key: Uint8Array) => KeystreamReader): void {
  const streams = masks.map((m) => ({ read: open(m.key), sign: m.sign }));
  const len = r.words.length;
  for (let off = 0; off < len; off += CHUNK_WORDS) {
    const n = Math.min(CHUNK_WORDS, len - off);
    for (const s of streams) r.addAt(off, s.read(n * 4, r.scratch), n, s.sign);
  }
}

const CHUNK_WORDS = PRG_CHUNK_BYTES / 4;

/** One pass over the accumulator with every stream of `masks` open. */
function addWindow(acc: Uint32Array, masks: readonly Mask[], open: (key: Uint8Array) => KeystreamReader, simd: WasmAdder | null, scratch: Uint8Array[]): void {
  const streams = masks.map((m) => ({ read: open(m.key), sign: m.sign }));
  const groups = simd ? [] : groupBySign(streams);
  for (let off = 0; off < acc.length; off += CHUNK_WORDS) {
    const n = Math.min(CHUNK_WORDS, acc.length - off);
    if (simd) {
      simd.load(acc, off, n);
      for (const s of streams) simd.add(s.read(n * 4, scratch[0]), n, s.sign);
      simd.store(acc, off, n);
    } else {
      for (const g of groups) addGroup(acc, off, g.readers.map((read, j) => words(read(n * 4, scratch[j]))), n, g.sign);
    }
  }
}

/**
 * `acc[i] = acc[i] + y[i] mod 2^32` for i < acc.length (y at least as long): the
 * server folding a masked input into its running sum. Runs in the SIMD kernel
 * in 64 KiB chunks where available (masked inputs are not secret, so the
 * kernel memory is not wiped afterwards), else in JS; identical results (tested).
 */
export function addVector(acc: Uint32Array, y: Uint32Array, options: Pick<StreamOptions, 'simd'> = {}): void {
  checkAccumulator(acc);
  if (!isWords(y) || y.length < acc.length) throw new SecAggError(SecAggErrorCode.BadPayload, 'addend must be a Uint32Array at least as long as the accumulator');
  const n = acc.length;
  const resident = options.simd === false ? undefined : residentOf(acc);
  if (resident) {
    for (let off = 0; off < n; off += CHUNK_WORDS) {
      const len = Math.min(CHUNK_WORDS, n - off);
      resident.addAt(off, new Uint8Array(y.buffer, y.byteOffset + off * 4, len * 4), len, 1);
    }
    return;
  }
  const simd = options.simd === false ? null : wasmAdder();
  if (!simd) {
    for (let i = 0; i < n; i++) acc[i] += y[i];
    return;
  }
  for (let off = 0; off < n; off += CHUNK_WORDS) {
    const len = Math.min(CHUNK_WORDS, n - off);
    simd.load(acc, off, len);
    simd.add(new Uint8Array(y.buffer, y.byteOffset + off * 4, len * 4), len, 1);
    simd.store(acc, off, len);
  }
}

/** The first `n` keystream words of `key` (tests and diagnostics). */
export function maskWords(prg: MaskPrg, key: Uint8Array, n: number): Uint32Array {
  const acc = new Uint32Array(n);
  prg.addMask(acc, key, 1);
  return acc;
}
