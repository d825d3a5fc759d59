/**
 * The local optimiser against hand-computed steps of PyTorch's SGD with
 * momentum and coupled weight decay: d = g + wd·w; v = μ·v + d (v = d at the
 * first step); w ← w − lr·v. The model is one softmax layer (logits z = xW + b)
 * on one example, whose cross-entropy gradient is exact: ∂L/∂z = p − onehot(y),
 * ∂L/∂W = xᵀ(p − onehot(y)), ∂L/∂b = p − onehot(y).
 */
import { fitLocal } from './fit-local';
import { buildModel } from '../model/build-model';
import { getModelWeights, modelLayout, setModelWeights } from '../weights/model-weights';
import { denseModelJson } from '../testing/fixtures';
import type { Dataset } from '../data/dataset';

const X = [0.5, -1.0, 2.0];
const Y = 1;
const W0 = [0.1, -0.2, 0.3, 0.05, 0.2, -0.1]; // [3 features, 2 classes], row-major
const B0 = [0.01, -0.02];

/** Gradient of the cross-entropy of one example for weights `w` [3×2] and bias `b` [2]. */
function gradient(w: number[], b: number[]): number[] {
  const z = [0, 1].map((k) => X.reduce((s, x, i) => s + x * w[i * 2 + k], b[k]));
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const p = e.map((v) => v / (e[0] + e[1]));
  const dz = p.map((v, k) => v - (k === Y ? 1 : 0));
  return [...X.flatMap((x) => dz.map((d) => x * d)), ...dz];
}

/** Two PyTorch SGD steps on the same example. */
function torchSteps(lr: number, mu: number, wd: number, steps: number): number[] {
  let w = [...W0, ...B0];
  let v: number[] | null = null;
  for (let s = 0; s < steps; s++) {
    const g = gradient(w.slice(0, 6), w.slice(6));
    const d = g.map((gi, i) => gi + wd * w[i]);
    v = v === null ? d : v.map((vi, i) => mu * vi + d[i]);
    w = w.map((wi, i) => wi - lr * v![i]);
  }
  return w;
}

const data: Dataset = { x: new Float32Array([...X, ...X]), y: new Int32Array([Y, Y]), featureShape: [3], numClasses: 2, count: 2, name: 'one' };

async function trained(hyper: { momentum?: number; weightDecay?: number; learningRate: number }): Promise<number[]> {
  const m = await buildModel({ layers: denseModelJson(3, 2) });
  setModelWeights(m, { layout: modelLayout(m), data: new Float32Array([...W0, ...B0]) });
  await fitLocal(m, data, { localEpochs: 1, batchSize: 1, proximalMu: 0, ...hyper }, { seed: 1 });
  const w = Array.from(getModelWeights(m).data);
  m.dispose();
  return w;
}

describe('local SGD with momentum and weight decay (PyTorch semantics)', () => {
  it.each([
    ['momentum 0.9, weight decay 0.1', 0.5, 0.9, 0.1],
    ['momentum 0.9, weight decay 1e-5 (NIID-Bench)', 0.01, 0.9, 1e-5],
    ['momentum only', 0.5, 0.9, 0],
    ['weight decay only', 0.5, 0, 0.1],
    ['plain SGD', 0.5, 0, 0],
  ])('%s: two steps equal the hand-computed update', async (_, lr, mu, wd) => {
    const got = await trained({ learningRate: lr, momentum: mu, weightDecay: wd });
    const want = torchSteps(lr, mu, wd, 2);
    got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 5));
  });

  it('momentum and weight decay change the result (the test can tell them apart)', async () => {
    const plain = torchSteps(0.5, 0, 0, 2);
    const full = await trained({ learningRate: 0.5, momentum: 0.9, weightDecay: 0.1 });
    expect(Math.max(...full.map((v, i) => Math.abs(v - plain[i])))).toBeGreaterThan(0.01);
  });

  it('starts every fitLocal with zero velocity (a fresh optimiser per round)', async () => {
    const m = await buildModel({ layers: denseModelJson(3, 2) });
    setModelWeights(m, { layout: modelLayout(m), data: new Float32Array([...W0, ...B0]) });
    const one: Dataset = { ...data, x: data.x.slice(0, 3), y: data.y.slice(0, 1), count: 1 };
    const hyper = { localEpochs: 1, batchSize: 1, proximalMu: 0, learningRate: 0.5, momentum: 0.9, weightDecay: 0.1 };
    await fitLocal(m, one, hyper, { seed: 1 });
    await fitLocal(m, one, hyper, { seed: 1 });
    const got = Array.from(getModelWeights(m).data);
    m.dispose();
    // Two rounds of one step each: the second step starts from v = 0, i.e. two first steps.
    let w = [...W0, ...B0];
    for (let s = 0; s < 2; s++) {
      const g = gradient(w.slice(0, 6), w.slice(6));
      w = w.map((wi, i) => wi - 0.5 * (g[i] + 0.1 * wi));
    }
    got.forEach((g, i) => expect(g).toBeCloseTo(w[i], 5));
  });

  it.each([
    [{ momentum: 1 }, /momentum must be a number in \[0, 1\)/],
    [{ momentum: -0.1 }, /momentum must be/],
    [{ weightDecay: -1 }, /weightDecay must be a finite number >= 0/],
    [{ weightDecay: Infinity }, /weightDecay must be/],
  ])('refuses %j', async (bad, message) => {
    const m = await buildModel({ layers: denseModelJson(3, 2) });
    await expect(fitLocal(m, data, { localEpochs: 1, batchSize: 1, proximalMu: 0, learningRate: 0.1, ...bad }, { seed: 1 })).rejects.toThrow(message);
    m.dispose();
  });
});
