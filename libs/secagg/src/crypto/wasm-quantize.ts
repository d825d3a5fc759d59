/**
 * @module crypto/wasm-quantize
 * The stochastic-rounding encoder of crypto/quantize as a WebAssembly kernel:
 * the same IEEE double operations in the same order (f64.floor, f64.ceil,
 * f64.min, f64.convert_i32_u), so its output is bit-identical to the JS loop's
 * for the same random words (tested). An edge client encodes once per round,
 * so the JS loop mostly runs cold (interpreter / baseline code, ~10× slower
 * than optimised code on a loaded machine); WebAssembly is compiled before its
 * first call (Liftoff) and runs at near-native speed from the first element.
 *
 * Two entry points over one block of at most `BLOCK` coordinates in the
 * module's memory:
 *
 *   xs(n, c, step, top, scale) → clipped | −1 − i
 *     v_i = X[i]·scale, X = float64 at offset 0
 *   delta(n, c, step, top, scale) → clipped | −1 − i
 *     v_i = f64(T[i] −f32 G[i])·scale, T, G = float32 at offsets 0 and 4·BLOCK
 *     (the float32 update delta `trained − global`, fused: −f32 is float32
 *     subtraction, equal to `Math.fround(t − g)`)
 *
 * then, with draws U = uint32 at 8·BLOCK and output O = uint32 at 12·BLOCK:
 *
 *   if (v < c && v > −c) { y = (v + c)·step; f = floor(y);
 *                          O[i] = min(f + ceil(((y − f)·2^32 − U[i])·2^−33), top) }
 *   else if (!(|v| < ∞))  return −1 − i                       ;; NaN / ±Infinity
 *   else if (v ≥ c)       { O[i] = top; clipped += v > c }
 *   else                  { O[i] = 0;   clipped += v < −c }
 *
 * The module (about 250 bytes) is assembled below from named opcodes, like
 * crypto/wasm-add. `wasmQuantizer()` returns null where WebAssembly is missing
 * or blocked; quantize then runs its JS loop.
 */
import { LITTLE_ENDIAN } from '../util/bytes';
import { leb128, name, section, sleb128, vec } from './wasm-asm';

/** Coordinates per kernel call. */
export const QUANTIZE_BLOCK = 16384;
const PAGES = (16 * QUANTIZE_BLOCK) / 65536;
/** Byte offsets of the regions (see the module comment). */
const X = 0;
const T = 0;
const G = 4 * QUANTIZE_BLOCK;
const U = 8 * QUANTIZE_BLOCK;
const O = 12 * QUANTIZE_BLOCK;

const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  f32Load: 0x2a,
  f64Load: 0x2b,
  i32Store: 0x36,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32GeU: 0x4f,
  f64Lt: 0x63,
  f64Gt: 0x64,
  f64Ge: 0x66,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32And: 0x71,
  i32Shl: 0x74,
  f32Sub: 0x93,
  f64Abs: 0x99,
  f64Neg: 0x9a,
  f64Ceil: 0x9b,
  f64Floor: 0x9c,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Min: 0xa4,
  f64ConvertI32U: 0xb8,
  f64PromoteF32: 0xbb,
  /** 0xfc 3: i32.trunc_sat_f64_u (non-trapping; the value is in [0, top] anyway). */
  truncSatPrefix: 0xfc,
  emptyType: 0x40,
} as const;
const I32 = 0x7f;
const F64 = 0x7c;

const f64Const = (v: number): number[] => [OP.f64Const, ...new Uint8Array(new Float64Array([v]).buffer)];
/** A load or store with alignment exponent `align` at constant `offset`. */
const mem = (op: number, align: number, offset: number): number[] => [op, align, ...leb128(offset)];

// Parameters, then locals.
const [N, C, STEP, TOP, SCALE, I, CLIPPED, V, Y, F, NEGC, A] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

function kernel(input: 'xs' | 'delta'): number[] {
  const get = (l: number): number[] => [OP.localGet, l];
  const set = (l: number): number[] => [OP.localSet, l];
  const load =
    input === 'xs'
      ? [...get(A), ...get(A), OP.i32Add, ...mem(OP.f64Load, 3, X)] // X[i] at 8·i
      : [...get(A), ...mem(OP.f32Load, 2, T), ...get(A), ...mem(OP.f32Load, 2, G), OP.f32Sub, OP.f64PromoteF32];
  const truncSat = [OP.truncSatPrefix, 3];
  const code = [
    ...get(C), OP.f64Neg, ...set(NEGC),
    OP.block, OP.emptyType, OP.loop, OP.emptyType,
    ...get(I), ...get(N), OP.i32GeU, OP.brIf, 1,
    ...get(I), OP.i32Const, 2, OP.i32Shl, ...set(A), // a = 4·i
    ...load, ...get(SCALE), OP.f64Mul, ...set(V),
    ...get(V), ...get(C), OP.f64Lt, ...get(V), ...get(NEGC), OP.f64Gt, OP.i32And,
    OP.if, OP.emptyType,
    ...get(A),
    ...get(V), ...get(C), OP.f64Add, ...get(STEP), OP.f64Mul, OP.localTee, Y, OP.f64Floor, OP.localTee, F,
    ...get(Y), ...get(F), OP.f64Sub, ...f64Const(2 ** 32), OP.f64Mul,
    ...get(A), ...mem(OP.i32Load, 2, U), OP.f64ConvertI32U, OP.f64Sub,
    ...f64Const(2 ** -33), OP.f64Mul, OP.f64Ceil, OP.f64Add,
    ...get(TOP), OP.f64Min, ...truncSat,
    ...mem(OP.i32Store, 2, O),
    OP.else,
    ...get(V), OP.f64Abs, ...f64Const(Infinity), OP.f64Lt, OP.i32Eqz,
    OP.if, OP.emptyType, OP.i32Const, ...sleb128(-1), ...get(I), OP.i32Sub, OP.return, OP.end,
    ...get(V), ...get(C), OP.f64Ge,
    OP.if, OP.emptyType,
    ...get(A), ...get(TOP), ...truncSat, ...mem(OP.i32Store, 2, O),
    ...get(CLIPPED), ...get(V), ...get(C), OP.f64Gt, OP.i32Add, ...set(CLIPPED),
    OP.else,
    ...get(A), OP.i32Const, 0, ...mem(OP.i32Store, 2, O),
    ...get(CLIPPED), ...get(V), ...get(NEGC), OP.f64Lt, OP.i32Add, ...set(CLIPPED),
    OP.end,
    OP.end,
    ...get(I), OP.i32Const, 1, OP.i32Add, ...set(I),
    OP.br, 0, OP.end, OP.end,
    ...get(CLIPPED), OP.end,
  ];
  // locals: i, clipped (i32); v, y, f, negc (f64); a (i32)
  const body = [...vec([[2, I32], [4, F64], [1, I32]]), ...code];
  return [...leb128(body.length), ...body];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[I32], [F64], [F64], [F64], [F64]]), ...vec([[I32]])]])), // type 0: (i32, f64 ×4) → i32
    ...section(3, vec([[0], [0]])),
    ...section(5, vec([[0x00, ...leb128(PAGES)]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], [...name('xs'), 0x00, 0], [...name('delta'), 0x00, 1]])),
    ...section(10, vec([kernel('xs'), kernel('delta')])),
  ]);
}

type Kernel = (n: number, c: number, step: number, top: number, scale: number) => number;

/** The kernel and views of its memory's regions (each `QUANTIZE_BLOCK` elements). */
export interface WasmQuantizer {
  /** Encodes `x` (float64 input region) into the output region; clipped count, or −1 − i for a non-finite x_i. */
  xs: Kernel;
  /** The same for the float32 delta `t − g` (input regions `t`, `g`). */
  delta: Kernel;
  x: Float64Array;
  t: Float32Array;
  g: Float32Array;
  /** The random draws, as bytes (fill these). */
  u8: Uint8Array;
  out: Uint32Array;
  /** Zeroes the whole memory (inputs, draws, outputs), best effort. */
  wipe(): void;
}

let cached: WasmQuantizer | null | undefined;

/** The kernel, or null where WebAssembly (with non-trapping float-to-int) is unavailable. Little-endian hosts only. */
export function wasmQuantizer(): WasmQuantizer | null {
  if (cached !== undefined) return cached;
  cached = null;
  if (!LITTLE_ENDIAN) return null;
  try {
    const wa = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
    const bytes = moduleBytes();
    if (!wa || !wa.validate(bytes)) return null;
    const e = new wa.Instance(new wa.Module(bytes)).exports as { memory: WebAssembly.Memory; xs: Kernel; delta: Kernel };
    const buf = e.memory.buffer;
    const all = new Uint8Array(buf);
    cached = {
      xs: e.xs,
      delta: e.delta,
      x: new Float64Array(buf, X, QUANTIZE_BLOCK),
      t: new Float32Array(buf, T, QUANTIZE_BLOCK),
      g: new Float32Array(buf, G, QUANTIZE_BLOCK),
      u8: new Uint8Array(buf, U, 4 * QUANTIZE_BLOCK),
      out: new Uint32Array(buf, O, QUANTIZE_BLOCK),
      wipe: () => all.fill(0),
    };
  } catch {
    cached = null;
  }
  return cached;
}
