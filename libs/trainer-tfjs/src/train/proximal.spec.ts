import * as tf from '@tensorflow/tfjs';
import { proximalTerm, snapshotAnchors } from './proximal';

describe(proximalTerm.name, () => {
  it('is μ/2·Σ‖w − anchor‖² with gradient μ·(w − anchor)', () => {
    const w = [tf.variable(tf.tensor1d([1, 2, 3])), tf.variable(tf.tensor2d([[0.5, -1]]))];
    const anchors = [tf.tensor1d([0, 2, 5]), tf.tensor2d([[0, 1]])];
    const mu = 0.1;
    const { value, grads } = tf.variableGrads(() => proximalTerm(w, anchors, mu), w);
    // ‖(1, 0, −2)‖² + ‖(0.5, −2)‖² = 5 + 4.25
    expect(value.dataSync()[0]).toBeCloseTo((mu / 2) * 9.25, 6);
    expect(Array.from(grads[w[0].name].dataSync())).toEqual([0.1, 0, -0.2].map((v) => Math.fround(v)));
    const g1 = Array.from(grads[w[1].name].dataSync());
    expect(g1[0]).toBeCloseTo(0.05, 6);
    expect(g1[1]).toBeCloseTo(-0.2, 6);
    tf.dispose([...w, ...anchors, value, ...Object.values(grads)]);
  });
});

describe(snapshotAnchors.name, () => {
  it('freezes the current values: later writes to the variable do not move the anchor', () => {
    const v = tf.variable(tf.tensor1d([1, 2]));
    const [a] = snapshotAnchors([v]);
    v.assign(tf.tensor1d([7, 8]));
    expect(Array.from(a.dataSync())).toEqual([1, 2]);
    tf.dispose([v, a]);
  });
});
