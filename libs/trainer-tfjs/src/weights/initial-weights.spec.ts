import { fans, initialWeights, initRule } from './initial-weights';
import { buildModel } from '../model/build-model';
import { getModelWeights, modelLayout, setModelWeights } from './model-weights';
import { denseModelJson } from '../testing/fixtures';

const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe(initialWeights.name, () => {
  it('is bit-identical for the same seed and differs across seeds', async () => {
    const a = await initialWeights({ builtin: 'mnist-cnn' }, 42);
    const b = await initialWeights({ builtin: 'mnist-cnn' }, 42);
    const c = await initialWeights({ builtin: 'mnist-cnn' }, 43);
    expect(bytes(a.weights.data).equals(bytes(b.weights.data))).toBe(true);
    expect(bytes(a.weights.data).equals(bytes(c.weights.data))).toBe(false);
    expect(a.layout).toEqual(a.weights.layout);
    expect(a.topology).toMatchObject({ class_name: 'Sequential' });
  });

  it('returns a topology from which a client rebuilds the same model', async () => {
    const { layout, weights, topology } = await initialWeights({ builtin: 'mnist-cnn' }, 3);
    const json = JSON.parse(JSON.stringify(topology)); // as it travels in ModelRef.topology
    const m = await buildModel({ layers: json });
    expect(modelLayout(m)).toEqual(layout);
    setModelWeights(m, weights);
    expect(bytes(getModelWeights(m).data).equals(bytes(weights.data))).toBe(true);
    m.dispose();
  });

  it('draws Glorot-uniform kernels and zero biases', async () => {
    const { weights } = await initialWeights({ builtin: 'mnist-mlp' }, 1);
    const kernel = weights.data.subarray(0, 784 * 200); // hidden1/kernel
    const bias = weights.data.subarray(784 * 200, 784 * 200 + 200);
    const limit = Math.sqrt(6 / (784 + 200));
    let max = 0;
    let sumSq = 0;
    for (let i = 0; i < kernel.length; i++) {
      max = Math.max(max, Math.abs(kernel[i]));
      sumSq += kernel[i] * kernel[i];
    }
    expect(max).toBeLessThanOrEqual(limit);
    expect(max).toBeGreaterThan(0.99 * limit);
    // U(−l, l) has variance l²/3
    expect(sumSq / kernel.length).toBeCloseTo((limit * limit) / 3, 4);
    expect(bias.every((v) => v === 0)).toBe(true);
  });

  it('sets BatchNorm gamma and moving variance to 1, beta and moving mean to 0', async () => {
    const { weights } = await initialWeights({ layers: denseModelJson(4, 3, { hidden: 5, batchNorm: true }) }, 1);
    const at = (name: string) => {
      let off = 0;
      for (const t of weights.layout) {
        const n = t.shape.reduce((a, b) => a * b, 1);
        if (t.name === name) return Array.from(weights.data.subarray(off, off + n));
        off += n;
      }
      throw new Error(name);
    };
    expect(weights.layout.map((t) => t.name)).toEqual([
      'hidden/kernel', 'hidden/bias', 'bn/gamma', 'bn/beta', 'out/kernel', 'out/bias', 'bn/moving_mean', 'bn/moving_variance',
    ]);
    expect(at('bn/gamma')).toEqual([1, 1, 1, 1, 1]);
    expect(at('bn/moving_variance')).toEqual([1, 1, 1, 1, 1]);
    expect(at('bn/beta')).toEqual([0, 0, 0, 0, 0]);
    expect(at('bn/moving_mean')).toEqual([0, 0, 0, 0, 0]);
  });

  it('refuses a non-integer seed', async () => {
    await expect(initialWeights({ builtin: 'mnist-cnn' }, 1.5)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe(fans.name, () => {
  it('uses Keras fans: dense [in, out], conv [kh, kw, in, out] × receptive field', () => {
    expect(fans([784, 200])).toEqual({ fanIn: 784, fanOut: 200 });
    expect(fans([3, 3, 8, 16])).toEqual({ fanIn: 72, fanOut: 144 });
  });
});

describe(initRule.name, () => {
  it('maps names and ranks to rules', () => {
    expect(initRule({ name: 'c/kernel', shape: [3, 3, 1, 8] })).toBe('glorot-uniform');
    expect(initRule({ name: 'c/bias', shape: [8] })).toBe('zeros');
    expect(initRule({ name: 'bn/gamma', shape: [8] })).toBe('ones');
    expect(initRule({ name: 'emb/embeddings', shape: [100, 8] })).toBe('glorot-uniform');
    expect(initRule({ name: 'p/alpha', shape: [8] })).toBe('zeros');
  });
});
