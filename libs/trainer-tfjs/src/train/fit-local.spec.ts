import * as tf from '@tensorflow/tfjs';
import { fitLocal } from './fit-local';
import { evaluate } from './evaluate';
import { buildModel } from '../model/build-model';
import { getModelWeights, modelLayout, setModelWeights } from '../weights/model-weights';
import { seededWeights } from '../weights/initial-weights';
import { blobs, denseModelJson } from '../testing/fixtures';

const hyper = { localEpochs: 3, batchSize: 16, learningRate: 0.5, proximalMu: 0 };

async function fresh(json: object = denseModelJson(8, 4)) {
  const m = await buildModel({ layers: json });
  const w0 = seededWeights(modelLayout(m), 3);
  setModelWeights(m, w0);
  return { m, w0 };
}

function distance(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

describe(fitLocal.name, () => {
  const data = blobs(200, 4, 8);

  it('learns a separable problem and reports n_k, loss, accuracy and examples processed', async () => {
    const { m } = await fresh();
    const before = evaluate(m, data);
    const r = await fitLocal(m, data, hyper, { seed: 1 });
    const after = evaluate(m, data);
    expect(after.loss).toBeLessThan(before.loss / 2);
    expect(after.accuracy).toBeGreaterThan(0.95);
    expect(r.numExamples).toBe(200);
    expect(r.metrics.examplesProcessed).toBe(600);
    expect(r.metrics.accuracy).toBeGreaterThan(0.9);
    expect(r.metrics.seconds).toBeGreaterThanOrEqual(0);
    expect(r).toMatchObject({ epochsCompleted: 3, stoppedEarly: false });
    expect(Array.from(r.weights.data)).toEqual(Array.from(getModelWeights(m).data));
    m.dispose();
  });

  it('is deterministic for a seed, and the seed changes the shuffling', async () => {
    const runs = [];
    for (const seed of [1, 1, 2]) {
      const { m } = await fresh();
      runs.push((await fitLocal(m, data, { ...hyper, localEpochs: 1 }, { seed })).weights.data);
      m.dispose();
    }
    expect(Array.from(runs[1])).toEqual(Array.from(runs[0]));
    expect(Array.from(runs[2])).not.toEqual(Array.from(runs[0]));
  });

  it('leaks no tensors (SGD, Adam, with and without the proximal term)', async () => {
    const { m } = await fresh(denseModelJson(8, 4, { hidden: 6, batchNorm: true }));
    for (const [optimizer, proximalMu] of [['sgd', 0], ['sgd', 0.1], ['adam', 0.1]] as const) {
      const before = tf.memory().numTensors;
      await fitLocal(m, data, { ...hyper, localEpochs: 1, learningRate: 0.05, proximalMu }, { seed: 1, optimizer });
      evaluate(m, data);
      expect(tf.memory().numTensors).toBe(before);
    }
    m.dispose();
  });

  it('applies the FedProx term: a large μ keeps the weights near the incoming global model', async () => {
    const moved: number[] = [];
    for (const proximalMu of [0, 1]) {
      const { m, w0 } = await fresh();
      const r = await fitLocal(m, data, { ...hyper, learningRate: 0.2, proximalMu }, { seed: 1 });
      moved.push(distance(r.weights.data, w0.data));
      m.dispose();
    }
    expect(moved[1]).toBeLessThan(0.6 * moved[0]);
  });

  it('matches one hand-computed SGD step with the proximal gradient', async () => {
    // One example, all-zero softmax model on 2 features and 2 classes; anchor = start.
    // Step 1 from w = anchor: the proximal gradient is 0, so the step is plain SGD:
    // p = (½, ½), label 0 → dL/dlogits = p − onehot = (−½, ½); kernel grad = x ⊗ (−½, ½).
    const m = await buildModel({ layers: denseModelJson(2, 2) });
    setModelWeights(m, { layout: modelLayout(m), data: new Float32Array(6) });
    const one = { x: Float32Array.from([1, 2]), y: Int32Array.from([0]), featureShape: [2], numClasses: 2, count: 1, name: 'one' };
    const r = await fitLocal(m, one, { localEpochs: 1, batchSize: 1, learningRate: 0.1, proximalMu: 5 }, { seed: 1 });
    const expected = [0.05, -0.05, 0.1, -0.1, 0.05, -0.05]; // kernel [[x1·½, −x1·½], [x2·½, −x2·½]]·lr, bias ·lr
    r.weights.data.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    // Step 2: now w ≠ anchor; the proximal term adds μ·(w − anchor) = 5·w to the gradient.
    setModelWeights(m, { layout: modelLayout(m), data: new Float32Array(6) });
    const r2 = await fitLocal(m, one, { localEpochs: 2, batchSize: 1, learningRate: 0.1, proximalMu: 5 }, { seed: 1 });
    const w1 = expected;
    const logits = [w1[0] * 1 + w1[2] * 2 + w1[4], w1[1] * 1 + w1[3] * 2 + w1[5]];
    const e = logits.map(Math.exp);
    const p0 = e[0] / (e[0] + e[1]);
    const g = [p0 - 1, 1 - p0]; // p − onehot(0), p1 = 1 − p0
    const grad = [1 * g[0], 1 * g[1], 2 * g[0], 2 * g[1], g[0], g[1]];
    const w2 = w1.map((w, i) => w - 0.1 * (grad[i] + 5 * w));
    r2.weights.data.forEach((v, i) => expect(v).toBeCloseTo(w2[i], 5));
    m.dispose();
  });

  it('stops at the deadline minus the margin and returns the partial work', async () => {
    const { m, w0 } = await fresh();
    let t = 0;
    const now = () => (t += 10); // every clock read advances 10 ms
    const epochs: number[] = [];
    const deadline = 1_000;
    const margin = 500;
    const r = await fitLocal(m, data, hyper, { seed: 1, now, deadline, deadlineMarginMs: margin, onEpoch: (e) => void epochs.push(e.epoch) });
    // `t` is now the clock's last read (the final timing read). Each batch must finish by
    // deadline − margin, so after it come at most a yield read, the failed stop check and
    // the timing read: 3 ticks. Ignoring the margin would run the clock to ~deadline.
    const stoppedAt = t;
    expect(stoppedAt).toBeGreaterThan(deadline - margin);
    expect(stoppedAt).toBeLessThanOrEqual(deadline - margin + 3 * 10);
    expect(r.stoppedEarly).toBe(true);
    expect(r.metrics.examplesProcessed).toBeGreaterThan(0);
    expect(r.metrics.examplesProcessed).toBeLessThan(3 * 200);
    expect(r.epochsCompleted).toBe(epochs.length);
    expect(distance(r.weights.data, w0.data)).toBeGreaterThan(0);
    await expect(fitLocal(m, data, hyper, { seed: 1, deadline: Date.now() - 1 })).rejects.toMatchObject({ code: 'DEADLINE_PASSED' });
    m.dispose();
  });

  it('calls onEpoch once per epoch and can be aborted', async () => {
    const { m } = await fresh();
    const reports: number[] = [];
    await fitLocal(m, data, hyper, { seed: 1, onEpoch: (e) => void reports.push(e.epoch) });
    expect(reports).toEqual([1, 2, 3]);
    const ctl = new AbortController();
    const p = fitLocal(m, data, hyper, { seed: 1, signal: ctl.signal, onEpoch: () => ctl.abort() });
    await expect(p).rejects.toMatchObject({ code: 'ABORTED' });
    m.dispose();
  });

  it('refuses bad hyper-parameters listing every problem, and data that does not fit', async () => {
    const { m } = await fresh();
    const bad = { localEpochs: 0, batchSize: 1.5, learningRate: -1, proximalMu: NaN };
    await expect(fitLocal(m, data, bad, { seed: 1 })).rejects.toThrow(/localEpochs.*batchSize.*learningRate.*proximalMu/);
    await expect(fitLocal(m, blobs(10, 3, 8), hyper, { seed: 1 })).rejects.toMatchObject({ code: 'INVALID_DATA' });
    await expect(fitLocal(m, data, hyper, { seed: 0.5 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(fitLocal(m, data, hyper, { seed: 1, deadline: NaN })).rejects.toThrow(/deadline must be a finite time/);
    m.dispose();
  });

  it('reports divergence as NON_FINITE', async () => {
    const { m } = await fresh(denseModelJson(8, 4, { logits: true }));
    const huge = { ...data, x: data.x.map((v) => v * 1e30) };
    await expect(fitLocal(m, huge, { ...hyper, learningRate: 1e10 }, { seed: 1 })).rejects.toMatchObject({ code: 'NON_FINITE' });
    m.dispose();
  });
});
