/**
 * Every kernel registered for wasm, checked against the cpu backend's kernel
 * of the same name on random inputs (several shapes, strides, paddings).
 */
import * as tf from '@tensorflow/tfjs';
import { createRng } from '@fl/fl-core';
import { selectBackend } from '../backend/select-backend';
import { registerWasmGradientKernels, WASM_GRADIENT_KERNELS, WASM_REPLACED_KERNELS } from './register-wasm-kernels';

type Pad = 'valid' | 'same' | tf.backend_util.ExplicitPadding;
type Shape4 = [number, number, number, number];
const rng = createRng(11);
const random = (shape: number[]) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 2 * rng.next() - 1);

/** Runs a kernel on a backend with inputs made from the same arrays; returns its output values and shape. */
async function run(backend: string, kernel: string, inputs: Record<string, [Float32Array | Int32Array, number[]]>, attrs: object) {
  await tf.setBackend(backend);
  const tensors = Object.fromEntries(Object.entries(inputs).map(([k, [v, s]]) => [k, tf.tensor(v, s, v instanceof Int32Array ? 'int32' : 'float32')]));
  const out = tf.engine().runKernel(kernel, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
  const result = { values: Array.from(out.dataSync()), shape: out.shape };
  tf.dispose([out, ...Object.values(tensors)]);
  return result;
}

async function expectSameAsCpu(kernel: string, inputs: Record<string, [Float32Array | Int32Array, number[]]>, attrs: object) {
  const wasm = await run('wasm', kernel, inputs, attrs);
  const cpu = await run('cpu', kernel, inputs, attrs);
  expect(wasm.shape).toEqual(cpu.shape);
  let worst = 0;
  cpu.values.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - wasm.values[i]) / Math.max(1, Math.abs(v)))));
  expect(worst).toBeLessThan(1e-4);
}

const CONV_CASES: [Shape4, Shape4, number | [number, number], Pad][] = [
  [[2, 9, 9, 3], [3, 3, 3, 4], 1, 'valid'],
  [[2, 9, 9, 3], [3, 3, 3, 4], 2, 'same'],
  [[2, 10, 8, 3], [3, 2, 3, 4], 2, 'valid'],
  [[3, 11, 11, 2], [5, 5, 2, 3], 3, 'same'],
  [[1, 7, 7, 1], [2, 2, 1, 2], 2, 'same'],
  [[2, 8, 7, 2], [3, 3, 2, 2], [1, 2], [[0, 0], [1, 2], [0, 1], [0, 0]]],
  [[4, 28, 28, 1], [3, 3, 1, 8], 1, 'valid'], // mnist-cnn conv1
];

describe(registerWasmGradientKernels.name, () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('wasm');
  });

  it('registers every missing and replaced kernel for wasm, idempotently', () => {
    for (const k of [...WASM_GRADIENT_KERNELS, ...WASM_REPLACED_KERNELS]) expect(tf.getKernel(k, 'wasm')).toBeDefined();
    expect(registerWasmGradientKernels()).toEqual([]);
  });

  it.each(CONV_CASES)('Conv2DBackpropFilter x%j filter%j stride %j pad %j matches cpu', async (xShape, fShape, strides, pad) => {
    const info = tf.backend_util.computeConv2DInfo(xShape, fShape, strides, 1, pad);
    await expectSameAsCpu('Conv2DBackpropFilter', { x: [random(xShape), xShape], dy: [random(info.outShape), info.outShape] }, {
      strides, pad, dataFormat: 'NHWC', filterShape: fShape,
    });
  });

  it.each(CONV_CASES)('Conv2DBackpropInput x%j filter%j stride %j pad %j matches cpu', async (xShape, fShape, strides, pad) => {
    const info = tf.backend_util.computeConv2DInfo(xShape, fShape, strides, 1, pad);
    await expectSameAsCpu('Conv2DBackpropInput', { dy: [random(info.outShape), info.outShape], filter: [random(fShape), fShape] }, {
      strides, pad, dataFormat: 'NHWC', inputShape: xShape,
    });
  });

  const DEPTHWISE: [Shape4, Shape4, number, Pad][] = [
    [[2, 8, 8, 3], [3, 3, 3, 2], 1, 'same'],
    [[2, 9, 9, 2], [3, 3, 2, 1], 2, 'valid'],
    [[1, 7, 7, 3], [2, 2, 3, 2], 2, 'same'],
  ];
  it.each(DEPTHWISE)('DepthwiseConv2dNativeBackpropFilter/Input x%j filter%j stride %j pad %j match cpu', async (xShape, fShape, strides, pad) => {
    const info = tf.backend_util.computeConv2DInfo(xShape, fShape, strides, 1, pad, undefined, true);
    const dy = random(info.outShape);
    const common = { strides, pad, dilations: 1 };
    await expectSameAsCpu('DepthwiseConv2dNativeBackpropFilter', { x: [random(xShape), xShape], dy: [dy, info.outShape] }, { ...common, filterShape: fShape });
    await expectSameAsCpu('DepthwiseConv2dNativeBackpropInput', { dy: [dy, info.outShape], filter: [random(fShape), fShape] }, { ...common, inputShape: xShape });
  });

  const POOLS: [Shape4, number | [number, number], number | [number, number], Pad][] = [
    [[2, 26, 26, 8], 2, 2, 'valid'], // mnist-cnn pool1
    [[2, 11, 11, 16], 2, 2, 'valid'], // pool2: odd size, last row/column unused
    [[2, 9, 9, 3], 3, 2, 'same'], // overlapping windows with padding
    [[1, 7, 5, 2], [2, 3], [1, 2], 'valid'],
  ];
  it.each(POOLS)('MaxPoolGrad x%j filter %j stride %j pad %j matches cpu', async (xShape, filterSize, strides, pad) => {
    const x = random(xShape);
    await tf.setBackend('cpu');
    const y = tf.maxPool(tf.tensor4d(x, xShape), filterSize, strides, pad as 'valid');
    const yv = Float32Array.from(y.dataSync());
    const yShape = y.shape;
    tf.dispose(y);
    await expectSameAsCpu('MaxPoolGrad', { dy: [random(yShape), yShape], input: [x, xShape], output: [yv, yShape] }, { filterSize, strides, pad });
  });

  it('MaxPoolGrad gives a tied window’s gradient to its first maximum, as cpu does', async () => {
    const xShape: Shape4 = [1, 4, 4, 2];
    const x = new Float32Array(32); // all zeros: every window is a tie
    x[5 * 2 + 1] = 0; // keep ties
    const y = new Float32Array(8);
    await expectSameAsCpu('MaxPoolGrad', { dy: [random([1, 2, 2, 2]), [1, 2, 2, 2]], input: [x, xShape], output: [y, [1, 2, 2, 2]] }, {
      filterSize: 2, strides: 2, pad: 'valid',
    });
  });

  it('UnsortedSegmentSum matches cpu, dropping out-of-range ids (float32 and int32)', async () => {
    const ids = Int32Array.from([0, 2, 0, 1, 5, 2]);
    await expectSameAsCpu('UnsortedSegmentSum', { x: [random([6, 4]), [6, 4]], segmentIds: [ids, [6]] }, { numSegments: 3 });
    await expectSameAsCpu('UnsortedSegmentSum', { x: [Int32Array.from({ length: 12 }, (_, i) => i), [6, 2]], segmentIds: [ids, [6]] }, { numSegments: 4 });
  });
});
