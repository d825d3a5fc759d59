/**
 * The built-in CNN trains on the wasm backend: its gradients equal the cpu
 * backend's, and local training lowers the loss on real digits.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend/select-backend';
import { loadMnistPackage } from '../data/mnist-package';
import { head } from '../../data/dataset';
import { buildModel } from '../../model/build-model';
import { initialWeights } from '../../weights/initial-weights';
import { setModelWeights } from '../../weights/model-weights';
import { fitLocal } from '../../train/fit-local';
import { evaluate } from '../../train/evaluate';

describe('mnist-cnn on wasm', () => {
  const digits = head(loadMnistPackage(), 256);

  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('computes the same gradients as cpu for every weight', async () => {
    const { weights } = await initialWeights({ builtin: 'mnist-cnn' }, 5);
    const grads: Record<string, number[][]> = {};
    for (const backend of ['wasm', 'cpu']) {
      await tf.setBackend(backend);
      const model = await buildModel({ builtin: 'mnist-cnn' });
      setModelWeights(model, weights);
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const x = tf.tensor4d(digits.x.subarray(0, 4 * 784), [4, 28, 28, 1]);
      const y = tf.oneHot(tf.tensor1d(digits.y.subarray(0, 4), 'int32'), 10);
      const { grads: g } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar, vars);
      grads[backend] = vars.map((v) => Array.from(g[v.name].dataSync()));
      tf.dispose([x, y, ...Object.values(g)]);
      model.dispose();
    }
    await tf.setBackend('wasm');
    let worst = 0;
    grads.cpu.forEach((g, i) => g.forEach((v, j) => (worst = Math.max(worst, Math.abs(grads.wasm[i][j] - v) / Math.max(1, Math.abs(v))))));
    expect(grads.wasm.map((g) => g.length)).toEqual([72, 8, 1152, 16, 4000, 10]);
    expect(worst).toBeLessThan(1e-4);
  });

  it('lowers the loss in three local epochs and leaks no tensors', async () => {
    const { weights } = await initialWeights({ builtin: 'mnist-cnn' }, 5);
    const model = await buildModel({ builtin: 'mnist-cnn' });
    setModelWeights(model, weights);
    const before = evaluate(model, digits);
    const tensors = tf.memory().numTensors;
    const r = await fitLocal(model, digits, { localEpochs: 3, batchSize: 32, learningRate: 0.2, proximalMu: 0.01 }, { seed: 1 });
    expect(tf.memory().numTensors).toBe(tensors);
    const after = evaluate(model, digits);
    expect(after.loss).toBeLessThan(before.loss - 0.8);
    expect(after.accuracy).toBeGreaterThan(before.accuracy + 0.3);
    expect(r.metrics.examplesProcessed).toBe(768);
    model.dispose();
  }, 30_000);
});
