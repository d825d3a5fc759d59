import { accumulateJs, applyJs, divideJs, firstNonFiniteJs } from './js-kernels';
import { BLOCK_LENGTHS, finiteF32, finiteF64, firstDifference, NON_FINITE, ODD_LENGTHS, rngFor, withBad } from './kernels.fixture';
import { WasmKernels } from './wasm-kernels';

/** Copies `a` into fresh wasm memory; returns its ptr. */
function put(wk: WasmKernels, a: Float32Array | Float64Array): number {
  const ptr = wk.alloc(a.byteLength);
  wk.u8(ptr, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return ptr;
}

describe(WasmKernels.name, () => {
  const lengths = [...ODD_LENGTHS, ...BLOCK_LENGTHS.slice(0, 2)];

  describe('first_nonfinite_f32 / f64 against the JS scan', () => {
    it.each(lengths)('n = %i: finite data, then each non-finite value at the first, a middle and the last index', (n) => {
      const wk = new WasmKernels();
      const rng = rngFor(n + 1);
      const f32 = finiteF32(rng, n);
      const f64 = finiteF64(rng, n);
      expect(wk.k.first_nonfinite_f32(put(wk, f32), n)).toBe(-1);
      expect(wk.k.first_nonfinite_f64(put(wk, f64), n)).toBe(-1);
      for (const bad of NON_FINITE)
        for (const at of new Set([0, n >> 1, n - 1].filter((i) => i >= 0 && i < n))) {
          const a = withBad(f32, at, bad);
          const b = withBad(f64, at, bad);
          expect(wk.k.first_nonfinite_f32(put(wk, a), n)).toBe(firstNonFiniteJs(a));
          expect(wk.k.first_nonfinite_f64(put(wk, b), n)).toBe(firstNonFiniteJs(b));
          expect(firstNonFiniteJs(a)).toBe(at);
        }
    });

    it('reports the first of several bad values and treats every NaN payload as bad', () => {
      const wk = new WasmKernels();
      const a = new Float32Array(100);
      a[70] = Infinity;
      a[41] = NaN;
      new Uint32Array(a.buffer)[90] = 0xffc00001; // a negative NaN with a payload
      expect(wk.k.first_nonfinite_f32(put(wk, a), 100)).toBe(41);
      expect(wk.k.first_nonfinite_f32(put(wk, a.subarray(71)), 29)).toBe(19);
    });
  });

  describe('accumulate', () => {
    it.each(lengths)('n = %i: bit-identical to s[i] += w·(x[i] − g[i]) in JS', (n) => {
      const wk = new WasmKernels();
      const rng = rngFor(100 + n);
      const s = finiteF64(rng, n);
      const x = finiteF32(rng, n);
      const g = finiteF32(rng, n);
      const w = 0.1 + rng.next() * 100;
      const [ps, px, pg] = [put(wk, s), put(wk, x), put(wk, g)];
      expect(wk.k.accumulate(ps, px, pg, n, w)).toBe(-1);
      accumulateJs(s, x, g, w);
      expect(firstDifference(wk.f64(ps, n), s)).toBe(-1);
    });

    it.each([5, 17, 1001, 32769])('n = %i: refuses x with NaN/±Inf by index and leaves s untouched', (n) => {
      const wk = new WasmKernels();
      const rng = rngFor(200 + n);
      const s = finiteF64(rng, n);
      const g = finiteF32(rng, n);
      for (const bad of NON_FINITE) {
        const at = rng.int(n);
        const x = withBad(finiteF32(rng, n), at, bad);
        const ps = put(wk, s);
        expect(wk.k.accumulate(ps, put(wk, x), put(wk, g), n, 2)).toBe(at);
        expect(firstDifference(wk.f64(ps, n), s)).toBe(-1);
      }
    });

    it.each([0, 1, 3, 4, 6, 1001])('accumulate4_unchecked, n = %i: the same bits as four single accumulates', (n) => {
      const wk = new WasmKernels();
      const rng = rngFor(300 + n);
      const s = finiteF64(rng, n);
      const g = finiteF32(rng, n);
      const xs = [0, 1, 2, 3].map(() => finiteF32(rng, n));
      const ws = [1, 1e-3, 37.5, 1e6];
      const ps = put(wk, s);
      const [p1, p2, p3, p4] = xs.map((x) => put(wk, x));
      wk.k.accumulate4_unchecked(ps, p1, p2, p3, p4, put(wk, g), n, ws[0], ws[1], ws[2], ws[3]);
      xs.forEach((x, k) => accumulateJs(s, x, g, ws[k]));
      expect(firstDifference(wk.f64(ps, n), s)).toBe(-1);
    });
  });

  describe('div_f64 and apply_f32', () => {
    it.each(lengths)('n = %i: bit-identical values and the same first bad index as JS', (n) => {
      const wk = new WasmKernels();
      const rng = rngFor(400 + n);
      const src = finiteF64(rng, n);
      const d = 0.3 + rng.next() * 50;
      const dst = new Float64Array(n);
      const pd = put(wk, src);
      expect(wk.k.div_f64(pd, pd, n, d)).toBe(divideJs(dst, src, d)); // in place
      expect(firstDifference(wk.f64(pd, n), dst)).toBe(-1);

      const g = finiteF32(rng, n);
      const delta = Float64Array.from(finiteF32(rng, n));
      const out = new Float32Array(n);
      const po = wk.alloc(4 * n);
      expect(wk.k.apply_f32(po, put(wk, g), put(wk, delta), n, 0.75)).toBe(applyJs(out, g, delta, 0.75));
      expect(firstDifference(wk.f32(po, n), out)).toBe(-1);
    });

    it.each([1, 2, 3, 5, 33, 1001])('n = %i: flags NaN/±Inf and overflow at the right index', (n) => {
      const wk = new WasmKernels();
      const rng = rngFor(500 + n);
      for (const at of new Set([0, n >> 1, n - 1])) {
        const src = withBad(finiteF64(rng, n), at, NaN);
        const pd = put(wk, src);
        expect(wk.k.div_f64(pd, pd, n, 3)).toBe(at);
        const small = Float64Array.from(finiteF32(rng, n)); // |v| ≤ 3.4e38: no overflow at d = 1e-10
        expect(wk.k.div_f64(put(wk, new Float64Array(n)), put(wk, withBad(small, at, 1e308)), n, 1e-10)).toBe(at);

        const g = finiteF32(rng, n);
        g[at] = 3e38;
        const delta = new Float64Array(n);
        delta[at] = 1e38; // 4e38 overflows float32
        const po = wk.alloc(4 * n);
        expect(wk.k.apply_f32(po, put(wk, g), put(wk, delta), n, 1)).toBe(at);
        expect(wk.f32(po, n)[at]).toBe(Infinity);
      }
    });
  });

  describe('memory', () => {
    it('hands out 64-byte aligned regions and reuses released ones of the same size', () => {
      const wk = new WasmKernels();
      const a = wk.alloc(10);
      const b = wk.alloc(100);
      const c = wk.alloc(1000);
      expect([a, b, c].every((p) => p > 0 && p % 64 === 0)).toBe(true);
      expect(b).toBeGreaterThanOrEqual(a + 64);
      wk.release(b);
      expect(wk.alloc(128)).toBe(b);
      wk.release(c); // the topmost block returns to the bump pointer
      expect(wk.alloc(5000)).toBe(c);
      expect(() => wk.release(12345)).toThrow(RangeError);
      expect(() => wk.alloc(-1)).toThrow(RangeError);
    });

    it('grows on demand; old views detach, fresh views and ownerOf follow the new buffer', () => {
      const wk = new WasmKernels();
      const p = wk.alloc(16);
      const old = wk.f32(p, 4);
      old.set([1, 2, 3, 4]);
      const before = wk.byteLength;
      const big = wk.alloc(4 * before);
      expect(wk.byteLength).toBeGreaterThanOrEqual(before + 4 * before);
      expect(old.length).toBe(0); // detached by memory.grow
      const now = wk.f32(p, 4);
      expect(Array.from(now)).toEqual([1, 2, 3, 4]);
      expect(WasmKernels.ownerOf(now)).toBe(wk);
      expect(WasmKernels.ownerOf(new Float32Array(4))).toBeUndefined();
      expect(wk.offsetOf(now)).toBe(p);
      expect(wk.offsetOf(old)).toBe(-1);
      expect(wk.liveBytes).toBe(64 + 4 * before);
      wk.release(big);
    });

    it('reset() frees everything, detaches old views and bumps the generation', () => {
      const wk = new WasmKernels();
      const p = wk.alloc(1000);
      const view = wk.u8(p, 1000);
      wk.reset();
      expect(view.length).toBe(0);
      expect(wk.generation).toBe(1);
      expect(wk.liveBytes).toBe(0);
      expect(wk.alloc(1000)).toBe(p);
      expect(() => wk.release(p + 64)).toThrow(RangeError);
    });
  });
});
