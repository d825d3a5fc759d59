import { buildModel } from '../model/build-model';
import { getModelWeights, modelLayout, setModelWeights } from './model-weights';
import { denseModelJson } from '../testing/fixtures';

describe(setModelWeights.name, () => {
  it('round-trips weights through the model in layout order', async () => {
    const m = await buildModel({ layers: denseModelJson(3, 2) });
    const data = Float32Array.from({ length: 8 }, (_, i) => i / 8);
    setModelWeights(m, { layout: modelLayout(m), data });
    const w = getModelWeights(m);
    expect(Array.from(w.data)).toEqual(Array.from(data));
    // kernel [3, 2] first, then bias [2]
    expect(Array.from(m.getWeights()[1].dataSync())).toEqual([6 / 8, 7 / 8]);
    m.dispose();
  });

  it('does not alias the caller’s array', async () => {
    const m = await buildModel({ layers: denseModelJson(3, 2) });
    const data = new Float32Array(8).fill(1);
    setModelWeights(m, { layout: modelLayout(m), data });
    data.fill(5);
    expect(getModelWeights(m).data[0]).toBe(1);
    m.dispose();
  });

  it('refuses a layout with another name, shape or length', async () => {
    const m = await buildModel({ layers: denseModelJson(3, 2) });
    const layout = modelLayout(m);
    const renamed = layout.map((t, i) => (i === 0 ? { ...t, name: 'x/kernel' } : t));
    const reshaped = layout.map((t, i) => (i === 0 ? { ...t, shape: [2, 3] } : t));
    expect(() => setModelWeights(m, { layout: renamed, data: new Float32Array(8) })).toThrow(/tensor 0: model has out\/kernel/);
    expect(() => setModelWeights(m, { layout: reshaped, data: new Float32Array(8) })).toThrow(expect.objectContaining({ code: 'WRONG_SHAPE' }));
    expect(() => setModelWeights(m, { layout: layout.slice(1), data: new Float32Array(2) })).toThrow(/model has 2 tensors, weights have 1/);
    expect(() => setModelWeights(m, { layout, data: new Float32Array(7) })).toThrow(/8 parameters, data has 7/);
    m.dispose();
  });
});

describe(modelLayout.name, () => {
  it('gives the same names however many models the process built', async () => {
    const a = await buildModel({ builtin: 'mnist-cnn' });
    const b = await buildModel({ builtin: 'mnist-cnn' });
    expect(b.weights[0].name).not.toBe(a.weights[0].name); // TF.js uniquifies variable names…
    expect(modelLayout(b)).toEqual(modelLayout(a)); // …the layout does not
    a.dispose();
    b.dispose();
  });
});
