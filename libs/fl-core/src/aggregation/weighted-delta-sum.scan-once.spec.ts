/**
 * `addSerialized` must read an upload's values once: the store scans for
 * NaN/Inf while it copies the update in, so the decoder's own scan
 * (`firstNonFinite`, used by `deserializeWeights`) must not run as well.
 */
jest.mock('../weights/finite', () => {
  const actual = jest.requireActual('../weights/finite');
  return { ...actual, firstNonFinite: jest.fn(actual.firstNonFinite) };
});

import { firstNonFinite } from '../weights/finite';
import { serializeWeights } from '../weights/serialize';
import { setKernelBackend } from '../kernels/backend';
import { WeightedDeltaSum } from './weighted-delta-sum';

describe('WeightedDeltaSum.addSerialized', () => {
  afterEach(() => setKernelBackend('auto'));

  it.each(['wasm', 'js'] as const)('scans once, inside the store (%s backend), and still refuses NaN', (backend) => {
    // Prepare
    setKernelBackend(backend);
    const n = 1000;
    const layout = [{ name: 'w', shape: [n] }];
    const sum = new WeightedDeltaSum(new Float32Array(n));
    const good = serializeWeights({ layout, data: Float32Array.from({ length: n }, (_, i) => i / n) });
    const nan = good.slice();
    new Float32Array(nan.buffer, nan.byteLength - 4 * n, n)[5] = NaN;
    (firstNonFinite as jest.Mock).mockClear();

    // Execute
    sum.addSerialized(good, 2, layout);

    // Assert
    expect(firstNonFinite).not.toHaveBeenCalled();
    expect(() => sum.addSerialized(nan, 1, layout)).toThrow(expect.objectContaining({ code: 'NON_FINITE', message: expect.stringContaining('index 5') }));
    expect(sum.count).toBe(1);
    expect(sum.deltaSum[999]).toBeCloseTo(2 * 0.999, 5);
  });
});
