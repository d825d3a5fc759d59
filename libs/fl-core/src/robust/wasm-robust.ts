/**
 * @module robust/wasm-robust
 * The robust rules' two hot loops on WebAssembly SIMD (robust-kernels.wat),
 * used when the kernel backend is wasm (kernels/backend); the plain-JS
 * versions (robust/coordinate-wise, robust/pairwise-distances) are the
 * reference and the fallback.
 *
 * - {@link sortedColumnsWasm}: updates are transposed in blocks of
 *   {@link SORT_BLOCK} coordinates into the module's memory, four coordinates
 *   per f32x4 lane group, and every column is sorted by a Batcher network
 *   (robust/sorting-network) four coordinates at a time, branch-free; the
 *   rule then reads ranks from the sorted column.
 * - {@link pairwiseSquaredDistancesWasm}: blocks of {@link DIST_BLOCK}
 *   coordinates of every update are copied in and all n(n−1)/2 pairs summed
 *   in f32 within the block, in f64 across blocks (never negative; exactly 0
 *   for identical updates).
 *
 * Each call uses a fresh instance, so its memory goes with the call.
 */
import { decodeBase64 } from '../kernels/base64';
import { ROBUST_KERNELS_WASM_BASE64 } from './robust-kernels.wasm';
import { oddEvenMergeNetwork } from './sorting-network';

interface RobustKernels {
  readonly memory: WebAssembly.Memory;
  sort_columns(p: number, groups: number, stride: number, pairs: number, npairs: number): void;
  pair_sq_dists(base: number, n: number, len: number, out: number): void;
}

/** Coordinates per transposed block (a multiple of 4). */
export const SORT_BLOCK = 1024;
/** Coordinates per distance block (a multiple of 8). */
export const DIST_BLOCK = 1024;

let compiled: WebAssembly.Module | undefined;

function instance(bytes: number): RobustKernels {
  compiled ??= new WebAssembly.Module(decodeBase64(ROBUST_KERNELS_WASM_BASE64));
  const k = new WebAssembly.Instance(compiled, {}).exports as unknown as RobustKernels;
  const pages = Math.ceil(bytes / 65536);
  const have = k.memory.buffer.byteLength / 65536;
  if (pages > have) k.memory.grow(pages - have);
  return k;
}

/** Reads rank r (0 = smallest) of a sorted column: `col[base + 4·r]`. */
export type SortedRule = (col: Float32Array, base: number, n: number) => number;

/** out[i] = rule(sorted values of coordinate i across `updates`). */
export function sortedColumnsWasm(updates: readonly Float32Array[], P: number, rule: SortedRule): Float64Array {
  const n = updates.length;
  const net = oddEvenMergeNetwork(n);
  const pairsBytes = net.length * 8;
  const dataAt = Math.ceil(pairsBytes / 16) * 16;
  const groups = SORT_BLOCK / 4;
  const k = instance(dataAt + groups * n * 16);
  const pairs = new Int32Array(k.memory.buffer, 0, net.length * 2);
  net.forEach(([a, b], q) => {
    pairs[2 * q] = a * 16;
    pairs[2 * q + 1] = b * 16;
  });
  const v = new Float32Array(k.memory.buffer, dataAt, groups * n * 4);
  const out = new Float64Array(P);
  for (let start = 0; start < P; start += SORT_BLOCK) {
    const len = Math.min(SORT_BLOCK, P - start);
    const full = len >> 2;
    const used = (len + 3) >> 2;
    for (let r = 0; r < n; r++) {
      const u = updates[r];
      let o = r * 4;
      let s = start;
      for (let g = 0; g < full; g++, o += n * 4, s += 4) {
        v[o] = u[s];
        v[o + 1] = u[s + 1];
        v[o + 2] = u[s + 2];
        v[o + 3] = u[s + 3];
      }
      if (used > full) for (let lane = 0; lane < 4; lane++) v[o + lane] = s + lane < start + len ? u[s + lane] : 0;
    }
    k.sort_columns(dataAt, used, n * 16, 0, net.length);
    for (let j = 0; j < len; j++) out[start + j] = rule(v, (j >> 2) * n * 4 + (j & 3), n);
  }
  return out;
}

/** As `pairwiseSquaredDistances` (row-major n×n f64, symmetric, zero diagonal). */
export function pairwiseSquaredDistancesWasm(updates: readonly Float32Array[], P: number): Float64Array {
  const n = updates.length;
  const rowBytes = DIST_BLOCK * 4;
  const outAt = n * rowBytes;
  const k = instance(outAt + n * n * 8);
  const rows = new Float32Array(k.memory.buffer, 0, n * DIST_BLOCK);
  for (let start = 0; start < P; start += DIST_BLOCK) {
    const len = Math.min(DIST_BLOCK, P - start);
    for (let r = 0; r < n; r++) {
      rows.set(updates[r].subarray(start, start + len), r * DIST_BLOCK);
      if (len < DIST_BLOCK) rows.fill(0, r * DIST_BLOCK + len, (r + 1) * DIST_BLOCK);
    }
    k.pair_sq_dists(0, n, DIST_BLOCK, outAt);
  }
  const d = new Float64Array(n * n);
  d.set(new Float64Array(k.memory.buffer, outAt, n * n));
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) d[j * n + i] = d[i * n + j];
  return d;
}
