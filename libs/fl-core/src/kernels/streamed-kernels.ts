/**
 * @module kernels/streamed-kernels
 * The wasm kernels applied to ordinary typed arrays. Data already in a kernel
 * instance's memory (e.g. an upload received into `WeightedDeltaSum.updateBuffer`)
 * is scanned in place; anything else streams through a shared scratch
 * instance in blocks of 32 Ki elements (≤ 256 KiB, so a block is still in L2
 * when the kernel reads it): one `Uint8Array.set` per block in, the kernel,
 * one `set` per block out. Synchronous and non-reentrant, like all JS here.
 */
import { WasmKernels } from './wasm-kernels';

const BLOCK = 32768;

interface Scratch {
  wk: WasmKernels;
  a: number;
  b: number;
  c: number;
}

let shared: Scratch | undefined;

function scratch(): Scratch {
  if (!shared) {
    const wk = new WasmKernels();
    wk.reserve(3 * 8 * BLOCK + 256);
    shared = { wk, a: wk.alloc(8 * BLOCK), b: wk.alloc(8 * BLOCK), c: wk.alloc(8 * BLOCK) };
  }
  return shared;
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Index of the first NaN/±Inf in `a` (Float32Array or Float64Array), or -1. */
export function wasmFirstNonFinite(a: Float32Array | Float64Array): number {
  const e = a.BYTES_PER_ELEMENT;
  const n = a.length;
  const owner = WasmKernels.ownerOf(a);
  if (owner) return e === 8 ? owner.k.first_nonfinite_f64(a.byteOffset, n) : owner.k.first_nonfinite_f32(a.byteOffset, n);
  const s = scratch();
  const scan = e === 8 ? s.wk.k.first_nonfinite_f64 : s.wk.k.first_nonfinite_f32;
  const src = bytesOf(a);
  for (let i = 0; i < n; i += BLOCK) {
    const m = Math.min(BLOCK, n - i);
    s.wk.u8(s.a, m * e).set(src.subarray(i * e, (i + m) * e));
    const bad = scan(s.a, m);
    if (bad >= 0) return i + bad;
  }
  return -1;
}

/** out[i] = src[i] / d into a new Float64Array; `bad` is its first non-finite index or -1 (then `out` is complete only up to that block). */
export function wasmDivide(src: Float64Array, d: number): { out: Float64Array; bad: number } {
  const n = src.length;
  const out = new Float64Array(n);
  const s = scratch();
  const from = bytesOf(src);
  const to = bytesOf(out);
  for (let i = 0; i < n; i += BLOCK) {
    const m = Math.min(BLOCK, n - i);
    s.wk.u8(s.a, 8 * m).set(from.subarray(8 * i, 8 * (i + m)));
    const bad = s.wk.k.div_f64(s.a, s.a, m, d);
    to.set(s.wk.u8(s.a, 8 * m), 8 * i);
    if (bad >= 0) return { out, bad: i + bad };
  }
  return { out, bad: -1 };
}

/** out[i] = f32(g[i] + scale·delta[i]) into a new Float32Array; `bad` as for `wasmDivide`. */
export function wasmApply(g: Float32Array, delta: Float64Array, scale: number): { out: Float32Array; bad: number } {
  const n = g.length;
  const out = new Float32Array(n);
  const s = scratch();
  const gb = bytesOf(g);
  const db = bytesOf(delta);
  const to = bytesOf(out);
  for (let i = 0; i < n; i += BLOCK) {
    const m = Math.min(BLOCK, n - i);
    s.wk.u8(s.a, 4 * m).set(gb.subarray(4 * i, 4 * (i + m)));
    s.wk.u8(s.b, 8 * m).set(db.subarray(8 * i, 8 * (i + m)));
    const bad = s.wk.k.apply_f32(s.c, s.a, s.b, m, scale);
    to.set(s.wk.u8(s.c, 4 * m), 4 * i);
    if (bad >= 0) return { out, bad: i + bad };
  }
  return { out, bad: -1 };
}
