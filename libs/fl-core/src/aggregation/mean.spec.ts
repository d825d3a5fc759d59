import { setKernelBackend } from '../kernels/backend';
import { describeBackends, finiteF32, finiteF64, firstDifference, rngFor, withBad } from '../kernels/kernels.fixture';
import { applyDelta, meanDelta, weightedMean } from './mean';

function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('meanDelta and applyDelta on both backends', () => {
  afterEach(() => setKernelBackend('auto'));

  it.each([1, 5, 1001, 70001])('n = %i: wasm and JS results are bit-identical, refusals report the same index', (n) => {
    const rng = rngFor(n);
    const deltaSum = finiteF64(rng, n).map((v) => v * 1e-300); // keep Δ̄ finite and x + Δ̄ inside float32
    const global = finiteF32(rng, n).map((v) => (Math.abs(v) > 1e38 ? 0 : v));
    const input = { deltaSum, weightSum: 37.5, count: 3 };
    const run = (backend: 'js' | 'wasm') => {
      setKernelBackend(backend);
      const mean = meanDelta(input);
      const errors = [0, n - 1].flatMap((at) => [
        messageOf(() => meanDelta({ ...input, deltaSum: withBad(deltaSum, at, NaN) })),
        messageOf(() => applyDelta(global, withBad(mean, at, 1e300), 2)),
      ]);
      return { mean, model: applyDelta(global, mean, -0.25), errors };
    };
    const js = run('js');
    const wasm = run('wasm');
    expect(firstDifference(wasm.mean, js.mean)).toBe(-1);
    expect(firstDifference(wasm.model, js.model)).toBe(-1);
    expect(wasm.errors).toEqual(js.errors);
    expect(js.errors[0]).toBe('mean update is NaN at index 0');
    expect(js.errors[3]).toBe(`new model is Infinity at index ${n - 1}`);
  });
});

describeBackends('backend', () => {
  describe(meanDelta.name, () => {
    it('divides the sum by the weight sum', () => {
      expect(Array.from(meanDelta({ deltaSum: Float64Array.of(10, 14), weightSum: 4, count: 2 }))).toEqual([2.5, 3.5]);
    });

    it.each([
      ['no results', { deltaSum: Float64Array.of(0), weightSum: 1, count: 0 }, 'NO_RESULTS'],
      ['zero total weight', { deltaSum: Float64Array.of(0), weightSum: 0, count: 1 }, 'NO_RESULTS'],
      ['NaN total weight', { deltaSum: Float64Array.of(0), weightSum: NaN, count: 1 }, 'NO_RESULTS'],
      ['a NaN in the sum', { deltaSum: Float64Array.of(1, NaN), weightSum: 1, count: 1 }, 'NON_FINITE'],
    ])('refuses %s', (_, input, code) => {
      expect(() => meanDelta(input)).toThrow(expect.objectContaining({ code }));
    });
  });

  describe(applyDelta.name, () => {
    it('returns x + scale·Δ as a new Float32Array', () => {
      const x = Float32Array.of(1, 2);
      const out = applyDelta(x, [0.5, -1], 2);
      expect(Array.from(out)).toEqual([2, 0]);
      expect(Array.from(x)).toEqual([1, 2]);
    });

    it('refuses a Float32 overflow and a length mismatch', () => {
      expect(() => applyDelta(Float32Array.of(3e38), [3e38])).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
      expect(() => applyDelta(Float32Array.of(1), [1, 2])).toThrow(expect.objectContaining({ code: 'WRONG_SHAPE' }));
    });
  });

  describe(weightedMean.name, () => {
    it('weights each vector', () => {
      expect(Array.from(weightedMean([[1, 2], [3, 4]], [1, 3]))).toEqual([2.5, 3.5]);
    });

    it('refuses empty input, bad weights and ragged vectors', () => {
      expect(() => weightedMean([], [])).toThrow(expect.objectContaining({ code: 'NO_RESULTS' }));
      expect(() => weightedMean([[1]], [0])).toThrow(expect.objectContaining({ code: 'BAD_WEIGHT' }));
      expect(() => weightedMean([[1], [1, 2]], [1, 1])).toThrow(expect.objectContaining({ code: 'WRONG_SHAPE' }));
    });
  });
});
