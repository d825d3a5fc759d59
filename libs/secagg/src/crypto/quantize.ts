/**
 * @module crypto/quantize
 * Encoding real updates into Z_2^32 for masking (docs/secure-aggregation.md "Encoding"; the
 * stochastic-rounding encoder of Bonawitz et al. 2017 §3 / Kairouz et al.).
 *
 * Encode (float64): `y = (clamp(x, −c, c) + c)·(Q − 1)/(2c)`,
 * `q = ⌊y⌋ + Bernoulli(y − ⌊y⌋)` with the Bernoulli draws from the CSPRNG
 * (unbiased; error below one step 2c/(Q − 1)). Decode a sum of n vectors:
 * `Σx ≈ S·2c/(Q − 1) − n·c`.
 *
 * Overflow: the modular sum is exact only while n·(Q − 1) < 2^32, where n is the
 * number of vectors summed (the cohort, not k or t). `chooseBits(nMax)` gives
 * Q = 2^(32 − ⌈log2 nMax⌉); the bound is checked at configuration and again at
 * decoding. Every encode reports its clip fraction.
 *
 * Weighted mean: the client encodes `w·x` with the capped weight
 * `w = min(n_k / ŵ, 1)` and appends `w` itself (scaled to [0, Q − 1]) as one
 * extra coordinate; the server divides the two decoded sums and learns only Σw.
 */
import { SecAggError, SecAggErrorCode } from '../errors';
import { LITTLE_ENDIAN } from '../util/bytes';
import { secureRandom, type RandomSource } from './random';
import { QUANTIZE_BLOCK, wasmQuantizer, type WasmQuantizer } from './wasm-quantize';

/** The first `n` little-endian uint32 words of `b` (a copy). */
function wordsLE(b: Uint8Array, n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = (b[4 * i] | (b[4 * i + 1] << 8) | (b[4 * i + 2] << 16) | (b[4 * i + 3] << 24)) >>> 0;
  return out;
}

export interface QuantizerParams {
  /** Clip bound c > 0: inputs are clamped to [−c, c]. */
  clip: number;
  /** Q = 2^bits levels. */
  bits: number;
  /** Largest number of vectors that will be summed. */
  nMax: number;
}

export interface Quantized {
  values: Uint32Array;
  /** Coordinates whose magnitude exceeded the clip bound. */
  clipped: number;
  clipFraction: number;
}

const R = 2 ** 32;
/** Coordinates per block of draws (and per kernel call): both encoders draw alike. */
const BLOCK = QUANTIZE_BLOCK;

export const levels = (p: Pick<QuantizerParams, 'bits'>): number => 2 ** p.bits;

/** Bits b = 32 − ⌈log2 nMax⌉, so nMax·(2^b − 1) < 2^32. Refuses nMax outside [1, 2^31]. */
export function chooseBits(nMax: number): number {
  if (!Number.isInteger(nMax) || nMax < 1 || nMax > 2 ** 31) {
    throw new SecAggError(SecAggErrorCode.InvalidParams, `nMax = ${nMax} must be an integer in [1, 2^31]`);
  }
  let log = 0;
  while (2 ** log < nMax) log++;
  return 32 - log;
}

/**
 * The bits a coordinator encodes a cohort of n with: `chooseBits(2n)`, one
 * fewer than the most that fit, so n·(2^b − 1) < 2^31 and at least half of
 * the ring lies beyond the honest range. A range check of the unmasked sum
 * (crypto/sum-checks) then sees any sum a member pushes out of that range;
 * with the most bits, a cohort of n = 2^k fills the ring but for n words and
 * every wrap-around decodes as an in-range value. Costs one bit of
 * quantisation (a step of 2c/(2^b − 1): about 6·10⁻⁸·c at n = 50).
 */
export function encodingBits(n: number): number {
  return chooseBits(2 * n);
}

/** Throws `OVERFLOW` unless a sum of n vectors of values < Q stays below 2^32. */
export function checkOverflow(n: number, bits: number): void {
  if (!Number.isInteger(n) || n < 0) throw new SecAggError(SecAggErrorCode.InvalidParams, `bad vector count ${n}`);
  if (n * (2 ** bits - 1) >= R) {
    throw new SecAggError(SecAggErrorCode.Overflow, `${n} vectors with Q = 2^${bits} overflow Z_2^32 (n·(Q−1) = ${n * (2 ** bits - 1)} ≥ 2^32)`);
  }
}

/** Validated quantizer parameters; `bits` defaults to `chooseBits(nMax)`. */
export function createQuantizer(clip: number, nMax: number, bits?: number): QuantizerParams {
  if (!(Number.isFinite(clip) && clip > 0)) throw new SecAggError(SecAggErrorCode.InvalidParams, `clip = ${clip} must be a positive finite number`);
  const b = bits ?? chooseBits(nMax);
  if (!Number.isInteger(b) || b < 1 || b > 32) throw new SecAggError(SecAggErrorCode.InvalidParams, `bits = ${b} must be an integer in [1, 32]`);
  if (!Number.isInteger(nMax) || nMax < 1) throw new SecAggError(SecAggErrorCode.InvalidParams, `nMax = ${nMax} must be a positive integer`);
  checkOverflow(nMax, b);
  return { clip, bits: b, nMax };
}

/** 2^−33: scales a difference in (−2^32, 2^32) into (−½, ½). */
const TWO_POW_M33 = 2 ** -33;

/**
 * Stochastic rounding of `y ∈ [0, Q−1]` with a uniform 32-bit draw `u`:
 * ⌊y⌋ + [u < frac(y)·2^32], capped at `top`. Branch-free: d = frac(y)·2^32 − u
 * is computed exactly in sign (IEEE subtraction of unequal doubles is never 0
 * and never changes sign), and ⌈d·2^−33⌉ is 1 for d > 0 and 0 (or −0) for
 * d ≤ 0. A data-dependent branch on a random bit mispredicts half the time,
 * which cost about two thirds of the encoding.
 */
function round(y: number, u: number, top: number): number {
  const f = Math.floor(y);
  return Math.min(f + Math.ceil(((y - f) * R - u) * TWO_POW_M33), top);
}

/** How to run the encoder; the output is the same either way (tested). */
export interface QuantizeOptions {
  /** Encode with the WebAssembly kernel (crypto/wasm-quantize) where available (default true); false forces the JS loop. */
  wasm?: boolean;
}

/** The vector to encode: plain coordinates, or the float32 delta `t − g` computed on the fly. */
type Source = { x: ArrayLike<number> } | { t: Float32Array; g: Float32Array };

const tag = (v: unknown): string => Object.prototype.toString.call(v);
const isFloatArray = (v: unknown): v is Float32Array | Float64Array => tag(v) === '[object Float32Array]' || tag(v) === '[object Float64Array]';

/**
 * Encodes `x·scale` coordinate-wise into `out` (length ≥ x.length). Throws
 * `NON_FINITE` on NaN / ±Infinity. Float32Array and Float64Array inputs run
 * in the WebAssembly kernel (unless `options.wasm` is false), other array-likes
 * in JS; both draw 4 bytes per coordinate in blocks of 16,384 coordinates and
 * give identical output for identical draws.
 */
export function quantize(
  x: ArrayLike<number>,
  p: QuantizerParams,
  random: RandomSource = secureRandom,
  scale = 1,
  out?: Uint32Array,
  options: QuantizeOptions = {},
): Quantized {
  const n = x.length;
  const values = out ?? new Uint32Array(n);
  if (values.length < n) throw new SecAggError(SecAggErrorCode.BadPayload, 'output too short');
  const clipped = encode({ x }, n, p, random, scale, values, options);
  return { values, clipped, clipFraction: n === 0 ? 0 : clipped / n };
}

/** Encodes `source·scale` into `values[0, n)`; returns the number of clipped coordinates. */
function encode(source: Source, n: number, p: QuantizerParams, random: RandomSource, scale: number, values: Uint32Array, options: QuantizeOptions): number {
  const kernel = options.wasm === false || ('x' in source && !isFloatArray(source.x)) ? null : wasmQuantizer();
  if (kernel) return encodeWasm(kernel, source, n, p, random, scale, values);
  if ('x' in source) return encodeJs(source.x, n, p, random, scale, values);
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) d[i] = source.t[i] - source.g[i];
  try {
    return encodeJs(d, n, p, random, scale, values);
  } finally {
    d.fill(0);
  }
}

function encodeWasm(k: WasmQuantizer, source: Source, n: number, p: QuantizerParams, random: RandomSource, scale: number, values: Uint32Array): number {
  const c = p.clip;
  const top = levels(p) - 1;
  const step = top / (2 * c);
  let clipped = 0;
  try {
    for (let off = 0; off < n; off += BLOCK) {
      const len = Math.min(BLOCK, n - off);
      let r: number;
      const draws = k.u8.subarray(0, 4 * len);
      if (typeof random.fill === 'function') random.fill(draws);
      else {
        const rb = random(4 * len);
        if (rb.length < 4 * len) throw new SecAggError(SecAggErrorCode.NoRandomness, 'random source returned too few bytes');
        draws.set(rb.length === 4 * len ? rb : rb.subarray(0, 4 * len));
        rb.fill(0);
      }
      if ('x' in source) {
        const x = source.x as Float32Array | Float64Array;
        k.x.set(len === x.length ? x : x.subarray(off, off + len));
        r = k.xs(len, c, step, top, scale);
      } else {
        k.t.set(len === source.t.length ? source.t : source.t.subarray(off, off + len));
        k.g.set(len === source.g.length ? source.g : source.g.subarray(off, off + len));
        r = k.delta(len, c, step, top, scale);
      }
      if (r < 0) throw new SecAggError(SecAggErrorCode.NonFinite, `coordinate ${off - 1 - r} is not finite`);
      clipped += r;
      values.set(len === k.out.length ? k.out : k.out.subarray(0, len), off);
    }
  } finally {
    k.wipe(); // draws, the update and its encoding
  }
  return clipped;
}

function encodeJs(x: ArrayLike<number>, n: number, p: QuantizerParams, random: RandomSource, scale: number, values: Uint32Array): number {
  const c = p.clip;
  const top = levels(p) - 1;
  const step = top / (2 * c);
  let clipped = 0;
  for (let off = 0; off < n; off += BLOCK) {
    const len = Math.min(BLOCK, n - off);
    const rb = random(4 * len);
    if (rb.length < 4 * len) throw new SecAggError(SecAggErrorCode.NoRandomness, 'random source returned too few bytes');
    const aligned = LITTLE_ENDIAN && rb.byteOffset % 4 === 0;
    const r = aligned ? new Uint32Array(rb.buffer, rb.byteOffset, len) : wordsLE(rb, len);
    for (let i = 0; i < len; i++) {
      const v = x[off + i] * scale;
      // In range (the common case, and false for NaN): no branch on the random draw.
      if (v < c && v > -c) {
        const y = (v + c) * step;
        const f = Math.floor(y);
        values[off + i] = Math.min(f + Math.ceil(((y - f) * R - r[i]) * TWO_POW_M33), top);
      } else if (!Number.isFinite(v)) throw new SecAggError(SecAggErrorCode.NonFinite, `coordinate ${off + i} is not finite`);
      else if (v >= c) {
        if (v > c) clipped++;
        values[off + i] = top;
      } else {
        if (v < -c) clipped++;
        values[off + i] = 0;
      }
    }
    rb.fill(0);
    if (!aligned) r.fill(0);
  }
  return clipped;
}

/** Decodes the ring sum of `n` encoded vectors: Σx ≈ S·2c/(Q−1) − n·c. Checks the overflow bound again. */
export function decodeSum(sum: Uint32Array, n: number, p: QuantizerParams, length = sum.length): Float64Array {
  if (n > p.nMax) throw new SecAggError(SecAggErrorCode.Overflow, `${n} vectors exceed the configured nMax = ${p.nMax}`);
  checkOverflow(n, p.bits);
  const top = levels(p) - 1;
  const c = p.clip;
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = (sum[i] * 2 * c) / top - n * c;
  return out;
}

/** The capped FedAvg weight w = min(n_k / ŵ, 1). */
export function cappedWeight(numExamples: number, weightCap: number): number {
  if (!(Number.isFinite(numExamples) && numExamples >= 0)) throw new SecAggError(SecAggErrorCode.InvalidParams, `numExamples = ${numExamples} must be finite and ≥ 0`);
  if (!(Number.isFinite(weightCap) && weightCap > 0)) throw new SecAggError(SecAggErrorCode.InvalidParams, `weightCap = ${weightCap} must be finite and > 0`);
  return Math.min(numExamples / weightCap, 1);
}

/** Encodes w·x (P words) followed by w (1 word): a vector of P + 1 ring values. */
export function quantizeWeighted(
  x: ArrayLike<number>,
  numExamples: number,
  weightCap: number,
  p: QuantizerParams,
  random: RandomSource = secureRandom,
  options: QuantizeOptions = {},
): Quantized & { weight: number } {
  return weighted({ x }, x.length, numExamples, weightCap, p, random, options);
}

/**
 * `quantizeWeighted` of the float32 delta `trained − global` (each coordinate
 * `Math.fround(trained[i] − global[i])`, as a Float32Array of the differences
 * would hold it), without materialising the delta: in the WebAssembly kernel
 * the subtraction, weighting, clipping and rounding are one pass. Same output
 * as `quantizeWeighted(delta, …)` for the same draws (tested).
 */
export function quantizeWeightedDelta(
  trained: Float32Array,
  global: Float32Array,
  numExamples: number,
  weightCap: number,
  p: QuantizerParams,
  random: RandomSource = secureRandom,
  options: QuantizeOptions = {},
): Quantized & { weight: number } {
  if (tag(trained) !== '[object Float32Array]' || tag(global) !== '[object Float32Array]' || trained.length !== global.length) {
    throw new SecAggError(SecAggErrorCode.BadPayload, 'trained and global weights must be Float32Arrays of one length');
  }
  return weighted({ t: trained, g: global }, trained.length, numExamples, weightCap, p, random, options);
}

function weighted(
  source: Source,
  n: number,
  numExamples: number,
  weightCap: number,
  p: QuantizerParams,
  random: RandomSource,
  options: QuantizeOptions,
): Quantized & { weight: number } {
  const weight = cappedWeight(numExamples, weightCap);
  const values = new Uint32Array(n + 1);
  const clipped = encode(source, n, p, random, weight, values, options);
  const top = levels(p) - 1;
  const r = random(4);
  values[n] = round(weight * top, (r[0] | (r[1] << 8) | (r[2] << 16) | (r[3] << 24)) >>> 0, top);
  r.fill(0);
  return { values, clipped, clipFraction: n === 0 ? 0 : clipped / n, weight };
}

/** Decodes a `quantizeWeighted` sum of n vectors: the weighted mean and Σw. Refuses Σw = 0. */
export function decodeWeightedMean(sum: Uint32Array, n: number, p: QuantizerParams): { mean: Float64Array; weightSum: number } {
  const len = sum.length - 1;
  if (len < 0) throw new SecAggError(SecAggErrorCode.BadPayload, 'empty sum');
  const total = decodeSum(sum, n, p, len);
  const weightSum = sum[len] / (levels(p) - 1);
  if (!(weightSum > 0)) throw new SecAggError(SecAggErrorCode.InvalidParams, 'weight sum is 0: no weighted contribution to average');
  for (let i = 0; i < len; i++) total[i] /= weightSum;
  return { mean: total, weightSum };
}
