import { applyJs, divideJs, firstNonFiniteJs } from './js-kernels';
import { BLOCK_LENGTHS, finiteF32, finiteF64, firstDifference, NON_FINITE, ODD_LENGTHS, rngFor, withBad } from './kernels.fixture';
import { wasmApply, wasmDivide, wasmFirstNonFinite } from './streamed-kernels';
import { WasmKernels } from './wasm-kernels';

describe(wasmFirstNonFinite.name, () => {
  it.each([...ODD_LENGTHS, ...BLOCK_LENGTHS])('n = %i: matches the JS scan on JS-heap arrays, across block boundaries', (n) => {
    const rng = rngFor(n);
    const f32 = finiteF32(rng, n);
    const f64 = finiteF64(rng, n);
    expect(wasmFirstNonFinite(f32)).toBe(-1);
    expect(wasmFirstNonFinite(f64)).toBe(-1);
    for (const at of new Set([0, 32767, 32768, n - 1].filter((i) => i >= 0 && i < n))) {
      const bad = NON_FINITE[at % 3];
      expect(wasmFirstNonFinite(withBad(f32, at, bad))).toBe(at);
      expect(wasmFirstNonFinite(withBad(f64, at, bad))).toBe(at);
    }
  });

  it('scans subarrays at their own offset and arrays already in wasm memory in place', () => {
    const a = new Float32Array(100);
    a[10] = NaN;
    expect(wasmFirstNonFinite(a.subarray(5))).toBe(5);
    expect(wasmFirstNonFinite(a.subarray(11))).toBe(-1);
    const wk = new WasmKernels();
    const view = wk.f32(wk.alloc(4 * 70001), 70001);
    view[69999] = -Infinity;
    expect(wasmFirstNonFinite(view)).toBe(69999);
    expect(wasmFirstNonFinite(view.subarray(0, 69999))).toBe(-1);
  });
});

describe(wasmDivide.name, () => {
  it.each([...ODD_LENGTHS, ...BLOCK_LENGTHS])('n = %i: bit-identical to the JS division; the first bad index', (n) => {
    const rng = rngFor(7 + n);
    const src = finiteF64(rng, n);
    const ref = new Float64Array(n);
    const refBad = divideJs(ref, src, 7.25);
    const { out, bad } = wasmDivide(src, 7.25);
    expect(bad).toBe(refBad);
    expect(firstDifference(out, ref)).toBe(-1);
    if (n > 0) expect(wasmDivide(withBad(src, n - 1, NaN), 3).bad).toBe(n - 1);
  });
});

describe(wasmApply.name, () => {
  it.each([...ODD_LENGTHS, ...BLOCK_LENGTHS])('n = %i: bit-identical to the JS update; overflow flagged', (n) => {
    const rng = rngFor(9 + n);
    const g = finiteF32(rng, n).map((v) => (Math.abs(v) > 1e38 ? 0 : v)); // no overflow but where planted
    const delta = Float64Array.from(finiteF32(rng, n), (v) => v * 1e-3);
    const ref = new Float32Array(n);
    expect(wasmApply(g, delta, -0.5).bad).toBe(applyJs(ref, g, delta, -0.5));
    expect(firstDifference(wasmApply(g, delta, -0.5).out, ref)).toBe(-1);
    if (n > 0) {
      const at = n >> 1;
      const big = withBad(delta, at, 1e300);
      expect(wasmApply(g, big, 1).bad).toBe(at);
      expect(firstNonFiniteJs(wasmApply(g, big, 1).out)).toBe(at);
    }
  });
});
