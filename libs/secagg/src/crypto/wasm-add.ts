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
 * `wasmAdder()` returns null where WebAssembly or its SIMD proposal is missing
 * or blocked (e.g. by a Content Security Policy); callers then add in JS.
 * Tested against the JS adds on random data, tails and both signs.
 */
import { PRG_CHUNK_BYTES } from '../constants';
import { LITTLE_ENDIAN } from '../util/bytes';

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

function leb128(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}
/** Signed LEB128, for `i32.const` immediates (64 would read as −64 unsigned-encoded). */
function sleb128(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}
const vec = (items: number[][]): number[] => [...leb128(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...leb128(body.length), ...body];
const name = (s: string): number[] => [...leb128(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
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

let cached: WasmAdder | null | undefined;

/** The SIMD adder, or null where WebAssembly SIMD is unavailable. Little-endian hosts only (WebAssembly is little-endian). */
export function wasmAdder(): WasmAdder | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (!LITTLE_ENDIAN) return null;
  try {
    const wa = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
    const bytes = moduleBytes();
    if (!wa || !wa.validate(bytes)) return null;
    const exports = new wa.Instance(new wa.Module(bytes)).exports as {
      memory: WebAssembly.Memory;
      add: (acc: number, src: number, bytes: number) => void;
      sub: (acc: number, src: number, bytes: number) => void;
    };
    const mem8 = new Uint8Array(exports.memory.buffer);
    const mem32 = new Uint32Array(exports.memory.buffer);
    const SRC = PRG_CHUNK_BYTES;
    cached = {
      load(acc, off, n) {
        mem32.set(acc.subarray(off, off + n), 0);
      },
      add(ks, n, sign) {
        const bytes = n * 4;
        mem8.set(bytes === ks.length ? ks : ks.subarray(0, bytes), SRC);
        const bulk = bytes - (bytes % BLOCK);
        (sign === 1 ? exports.add : exports.sub)(0, SRC, bulk);
        const s = SRC >>> 2;
        if (sign === 1) for (let i = bulk >>> 2; i < n; i++) mem32[i] += mem32[s + i];
        else for (let i = bulk >>> 2; i < n; i++) mem32[i] -= mem32[s + i];
      },
      store(acc, off, n) {
        acc.set(mem32.subarray(0, n), off);
      },
      wipe() {
        mem8.fill(0);
      },
    };
  } catch {
    cached = null;
  }
  return cached;
}
