/**
 * @module crypto/wasm-add
 * The ring addition of the mask PRG, `acc[i] ± ks[i] mod 2^32`, as a tiny
 * WebAssembly SIMD kernel (i32x4.add / i32x4.sub, four lanes per instruction).
 * It is arithmetic only, no cipher: the keystream still comes from node:crypto
 * or @noble/ciphers. JS typed-array adds cost about 1.2 ns per word on the
 * reference VM whether fused or not, as much as generating the keystream; this
 * kernel brings the adds, copies included, to a small fraction of that.
 *
 * The module is assembled below from named opcodes (about 300 bytes), the
 * equivalent of:
 *
 *   (module
 *     (memory (export "memory") 2)          ;; [0, 64 KiB): accumulator chunk, [64 KiB, 128 KiB): keystream chunk
 *     (func (export "add") (param $acc i32) (param $src i32) (param $bytes i32) (local $end i32)
 *       (local.set $end (i32.add (local.get $acc) (local.get $bytes)))
 *       (block (loop
 *         (br_if 1 (i32.ge_u (local.get $acc) (local.get $end)))
 *         ;; four times, at offsets 0, 16, 32, 48:
 *         (v128.store offset=k (local.get $acc)
 *           (i32x4.add (v128.load offset=k (local.get $acc)) (v128.load offset=k (local.get $src))))
 *         (local.set $acc (i32.add (local.get $acc) (i32.const 64)))
 *         (local.set $src (i32.add (local.get $src) (i32.const 64)))
 *         (br 0))))
 *     (func (export "sub") …the same with i32x4.sub…))
 *
 * `wasmAdder()` (one shared instance, chunk by chunk) and `residentSum()` (a
 * whole accumulator in an instance's own memory, for the server's running
 * sum) return null where WebAssembly or its SIMD proposal is missing or
 * blocked (e.g. by a Content Security Policy); callers then add in JS.
 * Tested against the JS adds on random data, tails and both signs.
 */
import { PRG_CHUNK_BYTES } from '../constants';
import { LITTLE_ENDIAN } from '../util/bytes';
import { leb128, name, section, sleb128, vec } from './wasm-asm';

/** Bytes the kernel handles per call: a multiple of 64. */
const BLOCK = 64;

const OP = {
  localGet: 0x20,
  localSet: 0x21,
  i32Const: 0x41,
  i32Add: 0x6a,
  i32GeU: 0x4f,
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  emptyType: 0x40,
  simdPrefix: 0xfd,
} as const;
const SIMD = { v128Load: 0, v128Store: 11, i32x4Add: 174, i32x4Sub: 177 } as const;
const I32 = 0x7f;

/** SIMD memory access with 16-byte alignment hint and a constant offset. */
const memOp = (op: number, offset: number): number[] => [OP.simdPrefix, ...leb128(op), 4, ...leb128(offset)];

function kernel(lane: number): number[] {
  const [acc, src, bytes, end] = [0, 1, 2, 3];
  const step = (k: number): number[] => [
    OP.localGet, acc,
    OP.localGet, acc, ...memOp(SIMD.v128Load, 16 * k),
    OP.localGet, src, ...memOp(SIMD.v128Load, 16 * k),
    OP.simdPrefix, ...leb128(lane),
    ...memOp(SIMD.v128Store, 16 * k),
  ];
  const code = [
    OP.localGet, acc, OP.localGet, bytes, OP.i32Add, OP.localSet, end,
    OP.block, OP.emptyType, OP.loop, OP.emptyType,
    OP.localGet, acc, OP.localGet, end, OP.i32GeU, OP.brIf, 1,
    ...step(0), ...step(1), ...step(2), ...step(3),
    OP.localGet, acc, OP.i32Const, ...sleb128(BLOCK), OP.i32Add, OP.localSet, acc,
    OP.localGet, src, OP.i32Const, ...sleb128(BLOCK), OP.i32Add, OP.localSet, src,
    OP.br, 0, OP.end, OP.end, OP.end,
  ];
  const body = [...vec([[1, I32]]), ...code];
  return [...leb128(body.length), ...body];
}

const PAGES = Math.ceil((2 * PRG_CHUNK_BYTES) / 65536);

function moduleBytes(): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32]]), 0]])), // type 0: (i32, i32, i32) → ()
    ...section(3, vec([[0], [0]])), // two functions of type 0
    ...section(5, vec([[0x00, ...leb128(PAGES)]])), // one memory, no maximum
    ...section(7, vec([[...name('memory'), 0x02, 0], [...name('add'), 0x00, 0], [...name('sub'), 0x00, 1]])),
    ...section(10, vec([kernel(SIMD.i32x4Add), kernel(SIMD.i32x4Sub)])),
  ]);
}

/** One chunk at a time: load the accumulator chunk, add keystream chunks into it, store it back. */
export interface WasmAdder {
  /** Copies `acc[off, off + n)` in (n ≤ PRG_CHUNK_BYTES / 4). */
  load(acc: Uint32Array, off: number, n: number): void;
  /** chunk ± the first n little-endian words of `ks` (n as in `load`). */
  add(ks: Uint8Array, n: number, sign: 1 | -1): void;
  /** Copies the chunk back to `acc[off, off + n)`. */
  store(acc: Uint32Array, off: number, n: number): void;
  /** Zeroes the kernel's memory (the last keystream chunk), best effort. */
  wipe(): void;
}

interface KernelExports {
  memory: WebAssembly.Memory;
  add: (acc: number, src: number, bytes: number) => void;
  sub: (acc: number, src: number, bytes: number) => void;
}

let compiled: WebAssembly.Module | null | undefined;

/** A fresh kernel instance (own memory of PAGES pages), or null without WebAssembly SIMD. */
function instantiate(): KernelExports | null {
  if (compiled === undefined) {
    compiled = null;
    try {
      const wa = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
      const bytes = moduleBytes();
      if (LITTLE_ENDIAN && wa && wa.validate(bytes)) compiled = new wa.Module(bytes);
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return null;
  try {
    return new WebAssembly.Instance(compiled).exports as unknown as KernelExports;
  } catch {
    return null;
  }
}

/** `mem32[accWord + i] ±= src words` for i < n, where the n source words already sit at byte `srcByte`. */
function kernelAdd(k: KernelExports, mem32: Uint32Array, accWord: number, srcByte: number, n: number, sign: 1 | -1): void {
  const bytes = n * 4;
  const bulk = bytes - (bytes % BLOCK);
  (sign === 1 ? k.add : k.sub)(accWord * 4, srcByte, bulk);
  const s = (srcByte >>> 2) - accWord;
  if (sign === 1) for (let i = accWord + (bulk >>> 2); i < accWord + n; i++) mem32[i] += mem32[s + i];
  else for (let i = accWord + (bulk >>> 2); i < accWord + n; i++) mem32[i] -= mem32[s + i];
}

let cached: WasmAdder | null | undefined;

/** The SIMD adder, or null where WebAssembly SIMD is unavailable. Little-endian hosts only (WebAssembly is little-endian). */
export function wasmAdder(): WasmAdder | null {
  if (cached !== undefined) return cached;
  const k = instantiate();
  cached = null;
  if (!k) return null;
  const mem8 = new Uint8Array(k.memory.buffer);
  const mem32 = new Uint32Array(k.memory.buffer);
  const SRC = PRG_CHUNK_BYTES;
  cached = {
    load(acc, off, n) {
      mem32.set(acc.subarray(off, off + n), 0);
    },
    add(ks, n, sign) {
      const bytes = n * 4;
      mem8.set(bytes === ks.length ? ks : ks.subarray(0, bytes), SRC);
      kernelAdd(k, mem32, 0, SRC, n, sign);
    },
    store(acc, off, n) {
      acc.set(mem32.subarray(0, n), off);
    },
    wipe() {
      mem8.fill(0);
    },
  };
  return cached;
}

/**
 * A whole accumulator kept in a kernel instance's own memory, so folding a
 * vector in is one copy plus the SIMD add (the chunked `WasmAdder` path also
 * loads and stores every accumulator chunk: three copies). The server's
 * running masked sum lives here from the first masked input to the result.
 */
export interface ResidentSum {
  /** The accumulator: a view into the instance's memory, valid until `releaseSum`. */
  readonly words: Uint32Array;
  /** PRG_CHUNK_BYTES of scratch; a keystream reader that writes here saves the copy. */
  readonly scratch: Uint8Array;
  /** `words[off + i] ± word_i(src)` for i < n ≤ PRG_CHUNK_BYTES / 4 (little-endian words of src). */
  addAt(off: number, src: Uint8Array, n: number, sign: 1 | -1): void;
}

const residents = new WeakMap<Uint32Array, ResidentSum & { kernel: KernelExports }>();
/** Released instances, reused by the next `residentSum` (at most POOL kept). */
const pool: KernelExports[] = [];
const POOL = 2;

/**
 * A zeroed Uint32Array of `length` words held in WebAssembly memory, or null
 * without WebAssembly SIMD (callers then use a plain Uint32Array). `prg`'s
 * `addVector` and `streamMasks` recognise it and add in place.
 */
export function residentSum(length: number): Uint32Array | null {
  const k = pool.pop() ?? instantiate();
  if (!k) return null;
  const accBytes = Math.ceil((4 * length) / BLOCK) * BLOCK;
  const pages = Math.ceil((accBytes + PRG_CHUNK_BYTES) / 65536);
  const have = k.memory.buffer.byteLength / 65536;
  if (pages > have) k.memory.grow(pages - have);
  const mem8 = new Uint8Array(k.memory.buffer);
  const mem32 = new Uint32Array(k.memory.buffer);
  const words = mem32.subarray(0, length);
  words.fill(0);
  const scratch = mem8.subarray(accBytes, accBytes + PRG_CHUNK_BYTES);
  residents.set(words, {
    kernel: k,
    words,
    scratch,
    addAt(off, src, n, sign) {
      const bytes = n * 4;
      if (src.buffer !== mem8.buffer || src.byteOffset !== accBytes) scratch.set(bytes === src.length ? src : src.subarray(0, bytes));
      kernelAdd(k, mem32, off, accBytes, n, sign);
    },
  });
  return words;
}

/** The resident accumulator behind `words`, if it is one. */
export function residentOf(words: Uint32Array): ResidentSum | undefined {
  return residents.get(words);
}

/**
 * Zeroes a sum the caller is done with and, for a `residentSum`, hands its
 * memory back for reuse: the caller must not touch `words` afterwards, the
 * memory serves the next sum.
 */
export function releaseSum(words: Uint32Array): void {
  const r = residents.get(words);
  if (!r) {
    words.fill(0);
    return;
  }
  residents.delete(words);
  new Uint8Array(r.kernel.memory.buffer).fill(0);
  if (pool.length < POOL) pool.push(r.kernel);
}
