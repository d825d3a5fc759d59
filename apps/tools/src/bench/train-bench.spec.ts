import { backendBound } from './train-bench';

describe(backendBound.name, () => {
  it('is the ratio TF.js would reach if only its conv kernels differed from PyTorch', () => {
    // PyTorch: 64 samples in 10 ms, 4 of them in the convs; TF.js: 64 in 40 ms, 20 in the convs.
    const r = backendBound(64, { samplesPerSecond: 1600, convMs: { conv1: 15, conv2: 5 } }, { samplesPerSecond: 6400, convMs: { conv1: 3, conv2: 1 } });
    expect(r).toEqual({ backendBound: 0.385, tfjsConvShare: 0.5, msPerBatch: { tfjs: 40, pytorch: 10 } }); // 10 / (10 − 4 + 20)
  });

  it('is 1 when the conv kernels are equally fast', () => {
    expect(backendBound(64, { samplesPerSecond: 3200, convMs: { conv1: 2, conv2: 2 } }, { samplesPerSecond: 6400, convMs: { conv1: 2, conv2: 2 } }).backendBound).toBe(1);
  });
});
