/**
 * The WebAssembly encoder gives, draw for draw, the very words of the JS loop:
 * for float64 and float32 inputs, scaled, at every block boundary, with values
 * at, just inside and beyond ±c, draws at the rounding threshold, all bit
 * widths up to 32; the fused float32 delta equals encoding a Float32Array of
 * `trained − global`, extreme and subnormal values included. Non-finite inputs
 * are refused at the same coordinate; the kernel's memory is wiped after use;
 * a source's `fill` is used when present and draws the same bytes per block.
 */
import nacl from 'tweetnacl';
import { createQuantizer, quantize, quantizeWeighted, quantizeWeightedDelta, type QuantizerParams } from './quantize';
import type { RandomSource } from './random';
import { secureRandom } from './random';
import { QUANTIZE_BLOCK, wasmQuantizer } from './wasm-quantize';

/** A deterministic source over fixed bytes; with `fill`, the same bytes through fill. */
function replay(bytes: Uint8Array, withFill = false): RandomSource {
  let at = 0;
  const next = (n: number): Uint8Array => {
    const out = bytes.slice(at, at + n);
    at += n;
    return out;
  };
  return withFill ? Object.assign(next, { fill: (into: Uint8Array) => (into.set(next(into.length)), into) }) : next;
}

const hex = (w: Uint32Array): string => Buffer.from(w.buffer, w.byteOffset, w.byteLength).toString('hex');

/** Inputs that hit every branch: in range, exactly ±c, just inside / outside, far out, zero, −0. */
function edgy(n: number, c: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = i % 11;
    x[i] =
      k === 0 ? c
      : k === 1 ? -c
      : k === 2 ? c * (1 - 2 ** -40)
      : k === 3 ? -c * (1 - 2 ** -40)
      : k === 4 ? c * (1 + 2 ** -40)
      : k === 5 ? -7 * c
      : k === 6 ? 0
      : k === 7 ? -0
      : (Math.random() * 2.2 - 1.1) * c;
  }
  return x;
}

/** Draws, some of them exactly at and next to the threshold frac(y)·2^32 of `x`. */
function drawsFor(x: ArrayLike<number>, p: QuantizerParams, scale = 1): Uint8Array {
  const d = new Uint32Array(nacl.randomBytes(4 * x.length + 4).buffer);
  const top = 2 ** p.bits - 1;
  const step = top / (2 * p.clip);
  for (let i = 1; i < x.length; i += 7) {
    const v = x[i] * scale;
    if (!(v < p.clip && v > -p.clip)) continue;
    const y = (v + p.clip) * step;
    d[i] = Math.max(0, Math.min(2 ** 32 - 1, Math.floor((y - Math.floor(y)) * 2 ** 32) + ((i % 3) - 1)));
  }
  return new Uint8Array(d.buffer);
}

describe(wasmQuantizer.name, () => {
  it('is available on Node 20', () => {
    expect(wasmQuantizer()).not.toBeNull();
  });

  it('float64 input: the same words and clip count as the JS loop, every block boundary, every width', () => {
    for (const [clip, bits] of [
      [1, 4],
      [0.01, 20],
      [3, 28],
      [1, 32],
      [0.5, 1],
    ] as const) {
      const p = createQuantizer(clip, 1, bits);
      for (const n of [0, 1, 5, QUANTIZE_BLOCK - 1, QUANTIZE_BLOCK, QUANTIZE_BLOCK + 1, 2 * QUANTIZE_BLOCK + 3]) {
        for (const scale of [1, 0.37]) {
          const x = edgy(n, clip);
          const draws = drawsFor(x, p, scale);
          const js = quantize(x, p, replay(draws), scale, undefined, { wasm: false });
          const wasm = quantize(x, p, replay(draws), scale);
          const viaFill = quantize(x, p, replay(draws, true), scale);
          expect(hex(wasm.values)).toBe(hex(js.values));
          expect(hex(viaFill.values)).toBe(hex(js.values));
          expect(wasm.clipped).toBe(js.clipped);
          expect(wasm.clipFraction).toBe(js.clipFraction);
        }
      }
    }
  });

  it('float32 input and an offset output array: the same words as the JS loop', () => {
    const p = createQuantizer(0.2, 50);
    const x = Float32Array.from(edgy(40_000, 0.2));
    const draws = drawsFor(x, p);
    const a = new Uint32Array(40_010).fill(7);
    const b = a.slice();
    quantize(x, p, replay(draws), 1, a, { wasm: false });
    quantize(x, p, replay(draws), 1, b);
    expect(hex(b)).toBe(hex(a));
    expect(b[40_005]).toBe(7);
  });

  it('fused delta: equals quantizeWeighted of the Float32Array trained − global, extreme values included', () => {
    const n = 2 * QUANTIZE_BLOCK + 17;
    const g = Float32Array.from({ length: n }, () => Math.random() - 0.5);
    const t = Float32Array.from(g, (v, i) => v + (Math.random() - 0.5) * (i % 9 === 0 ? 3 : 0.02));
    // float32 corner cases: huge operands whose difference rounds, subnormals, ties, sign flips
    const corners: [number, number][] = [
      [3.4e38, -3.4e38], // overflows to +Infinity in float32: refused below, so tested separately
      [1e-45, -1e-45],
      [1.4e-45, 0],
      [16777217, 1],
      [0.1, 0.1],
      [1 + 2 ** -23, 1],
      [-0, 0],
      [1e30, 1e30 * (1 - 2 ** -20)],
    ];
    corners.slice(1).forEach(([a, b], i) => {
      t[100 + i] = a;
      g[100 + i] = b;
    });
    for (const [clip, bits, examples] of [
      [0.05, 22, 30],
      [1, 32, 100],
      [1e-30, 20, 7],
    ] as const) {
      const p = createQuantizer(clip, 1, bits);
      const d = new Float32Array(n);
      for (let i = 0; i < n; i++) d[i] = t[i] - g[i];
      const draws = drawsFor(d, p, Math.min(examples / 100, 1));
      const want = quantizeWeighted(d, examples, 100, p, replay(draws), { wasm: false });
      const fused = quantizeWeightedDelta(t, g, examples, 100, p, replay(draws));
      const fusedJs = quantizeWeightedDelta(t, g, examples, 100, p, replay(draws), { wasm: false });
      const plain = quantizeWeighted(d, examples, 100, p, replay(draws));
      for (const got of [fused, fusedJs, plain]) {
        expect(hex(got.values)).toBe(hex(want.values));
        expect(got.clipped).toBe(want.clipped);
        expect(got.weight).toBe(want.weight);
      }
    }
    const [a, b] = corners[0];
    expect(() => quantizeWeightedDelta(new Float32Array([0, a]), new Float32Array([0, b]), 1, 1, createQuantizer(1, 1))).toThrow(
      expect.objectContaining({ code: 'NON_FINITE', message: expect.stringContaining('coordinate 1') }),
    );
  });

  it('refuses NaN and ±Infinity at the same coordinate as the JS loop, in any block', () => {
    const p = createQuantizer(1, 4);
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const at of [0, 5, QUANTIZE_BLOCK, QUANTIZE_BLOCK + 9]) {
        const x = new Float64Array(QUANTIZE_BLOCK + 10).fill(0.25);
        x[at] = bad;
        const message = `coordinate ${at} is not finite`;
        expect(() => quantize(x, p)).toThrow(expect.objectContaining({ code: 'NON_FINITE', message }));
        expect(() => quantize(x, p, secureRandom, 1, undefined, { wasm: false })).toThrow(expect.objectContaining({ code: 'NON_FINITE', message }));
      }
    }
    expect(() => quantizeWeightedDelta(new Float32Array(3), new Float32Array(4), 1, 1, p)).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }));
    expect(() => quantizeWeightedDelta(new Float64Array(3) as unknown as Float32Array, new Float32Array(3), 1, 1, p)).toThrow(
      expect.objectContaining({ code: 'BAD_PAYLOAD' }),
    );
  });

  it('refuses a source that returns too few bytes, and wipes its memory (draws, inputs, words) after every call', () => {
    const p = createQuantizer(1, 4);
    expect(() => quantize(new Float64Array(10), p, (n) => new Uint8Array(n - 1))).toThrow(expect.objectContaining({ code: 'NO_RANDOMNESS' }));
    const k = wasmQuantizer()!;
    quantize(Float64Array.from({ length: 1000 }, () => Math.random() - 0.5), p);
    quantizeWeightedDelta(new Float32Array(1000).fill(0.3), new Float32Array(1000).fill(0.1), 5, 10, p);
    for (const region of [k.x, k.t, k.g, k.u8, k.out]) expect(region.every((v) => v === 0)).toBe(true);
  });

  it('secureRandom.fill overwrites the whole array with fresh bytes, beyond the 64 KiB getRandomValues limit', () => {
    const a = new Uint8Array(200_000);
    expect(secureRandom.fill!(a)).toBe(a);
    const zeros = a.reduce((z, v) => z + (v === 0 ? 1 : 0), 0);
    expect(zeros).toBeLessThan(200_000 / 256 + 500); // about 1 in 256
    expect(a.subarray(190_000).some((v) => v !== 0)).toBe(true);
  });
});
