/**
 * @module bench/train/tfjs-train-loop
 * The TF.js side of `bench train`: the platform's real local-training loop
 * (`fitLocal` of `@fl/trainer-tfjs`, as the edge client runs it) on the
 * built-in `niid-cnn` with NIID-Bench's optimiser (SGD lr 0.01, momentum
 * 0.9, weight decay 1e-5), on the backend `selectBackend('auto')` picks.
 * Data: seeded uniform [0, 1) images with random labels, like the PyTorch
 * script (throughput does not depend on the values). Also times one
 * forward + backward of each conv layer alone (input and filter gradients),
 * the backend's own cost, to compare with PyTorch's.
 */
import type * as TrainerNode from '@fl/trainer-tfjs/node';
import { createRng } from '@fl/fl-core';

export const NIID_HYPER = { learningRate: 0.01, momentum: 0.9, weightDecay: 1e-5, proximalMu: 0 } as const;

export interface TfjsTrainResult {
  samplesPerSecond: number;
  seconds: number;
  backend: string;
  parameters: number;
  convMs: { conv1: number; conv2: number };
}

function randomData(lib: typeof TrainerNode, examples: number, seed: number) {
  const rng = createRng(seed);
  const x = new Float32Array(examples * 784);
  for (let i = 0; i < x.length; i++) x[i] = rng.next();
  const y = new Int32Array(examples).map(() => rng.int(10));
  return lib.checkDataset({ x, y, featureShape: [28, 28, 1], numClasses: 10, count: examples, name: 'random' });
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

async function convMs(tf: typeof import('@tensorflow/tfjs'), input: [number, number, number, number], filter: [number, number, number, number], repeats: number): Promise<number> {
  const x = tf.randomUniform(input);
  const w = tf.randomUniform(filter);
  const g = tf.grads((a: import('@tensorflow/tfjs').Tensor, b: import('@tensorflow/tfjs').Tensor) => tf.sum(tf.conv2d(a as import('@tensorflow/tfjs').Tensor4D, b as import('@tensorflow/tfjs').Tensor4D, 1, 'valid')));
  const times: number[] = [];
  for (let i = 0; i < repeats + 2; i++) {
    const t0 = performance.now();
    const [da, db] = g([x, w]);
    await Promise.all([da.data(), db.data()]);
    const dt = performance.now() - t0;
    tf.dispose([da, db]);
    if (i >= 2) times.push(dt);
  }
  tf.dispose([x, w]);
  return median(times);
}

export async function runTfjsTrain(o: { examples: number; epochs: number; batch: number; seed: number }): Promise<TfjsTrainResult> {
  const node = await import('@fl/trainer-tfjs/node');
  const tf = await import('@tensorflow/tfjs');
  const backend = await node.selectBackend('auto');
  const model = await node.buildModel({ builtin: 'niid-cnn' });
  try {
    const data = randomData(node, o.examples, o.seed);
    const warm = node.head(data, o.batch * 4);
    await node.fitLocal(model, warm, { ...NIID_HYPER, localEpochs: 1, batchSize: o.batch }, { seed: o.seed });
    const t0 = performance.now();
    await node.fitLocal(model, data, { ...NIID_HYPER, localEpochs: o.epochs, batchSize: o.batch }, { seed: o.seed });
    const seconds = (performance.now() - t0) / 1000;
    const conv = {
      conv1: await convMs(tf, [o.batch, 28, 28, 1], [5, 5, 1, 6], 20),
      conv2: await convMs(tf, [o.batch, 12, 12, 6], [5, 5, 6, 16], 20),
    };
    return { samplesPerSecond: (o.examples * o.epochs) / seconds, seconds, backend, parameters: model.countParams(), convMs: conv };
  } finally {
    model.dispose();
  }
}
