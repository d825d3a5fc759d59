import { buildModel } from './build-model';
import { modelLayout } from '../weights/model-weights';
import { denseModelJson } from '../testing/fixtures';

describe(buildModel.name, () => {
  it('builds mnist-cnn as a small CNN on 28×28×1 images', async () => {
    const m = await buildModel({ builtin: 'mnist-cnn' });
    expect(m.inputs[0].shape).toEqual([null, 28, 28, 1]);
    expect(m.outputs[0].shape).toEqual([null, 10]);
    expect(modelLayout(m)).toEqual([
      { name: 'conv1/kernel', shape: [3, 3, 1, 8] },
      { name: 'conv1/bias', shape: [8] },
      { name: 'conv2/kernel', shape: [3, 3, 8, 16] },
      { name: 'conv2/bias', shape: [16] },
      { name: 'dense/kernel', shape: [400, 10] },
      { name: 'dense/bias', shape: [10] },
    ]);
    expect(m.countParams()).toBe(80 + 1168 + 4010);
    m.dispose();
  });

  it('builds mnist-mlp (the 2NN of McMahan et al.)', async () => {
    const m = await buildModel({ builtin: 'mnist-mlp' });
    expect(m.countParams()).toBe(784 * 200 + 200 + 200 * 200 + 200 + 200 * 10 + 10);
    m.dispose();
  });

  it('builds niid-cnn, the NIID-Bench simple CNN, with exactly 44,426 parameters', async () => {
    const m = await buildModel({ builtin: 'niid-cnn' });
    expect(m.inputs[0].shape).toEqual([null, 28, 28, 1]);
    expect(m.outputs[0].shape).toEqual([null, 10]);
    expect(modelLayout(m)).toEqual([
      { name: 'conv1/kernel', shape: [5, 5, 1, 6] },
      { name: 'conv1/bias', shape: [6] },
      { name: 'conv2/kernel', shape: [5, 5, 6, 16] },
      { name: 'conv2/bias', shape: [16] },
      { name: 'fc1/kernel', shape: [256, 120] },
      { name: 'fc1/bias', shape: [120] },
      { name: 'fc2/kernel', shape: [120, 84] },
      { name: 'fc2/bias', shape: [84] },
      { name: 'dense/kernel', shape: [84, 10] },
      { name: 'dense/bias', shape: [10] },
    ]);
    expect(m.countParams()).toBe(44_426);
    m.dispose();
  });

  it('builds a model from its own toJSON() output with the same layout', async () => {
    const json = denseModelJson(5, 3, { hidden: 4 });
    const a = await buildModel({ layers: json });
    const b = await buildModel({ layers: { modelTopology: json } });
    expect(modelLayout(a)).toEqual([
      { name: 'hidden/kernel', shape: [5, 4] },
      { name: 'hidden/bias', shape: [4] },
      { name: 'out/kernel', shape: [4, 3] },
      { name: 'out/bias', shape: [3] },
    ]);
    expect(modelLayout(b)).toEqual(modelLayout(a));
    a.dispose();
    b.dispose();
  });

  it.each([
    ['an unknown builtin', { builtin: 'resnet' }, /unknown builtin "resnet"/],
    ['the layout-only synthetic model', { builtin: 'synthetic' }, /cannot be trained/],
    ['both builtin and layers', { builtin: 'mnist-cnn', layers: {} }, /exactly one/],
    ['neither', {}, /exactly one/],
    ['layers that are not a topology', { layers: { foo: 1 } }, /class_name/],
    ['an unknown layer class', { layers: { class_name: 'Sequential', config: { layers: [{ class_name: 'NoSuchLayer', config: {} }] } } }, /cannot build Layers JSON/],
    ['a non-object', 'mnist-cnn', /must be an object/],
    ['unknown keys', { builtin: 'mnist-cnn', weights: [] }, /unknown key\(s\) weights/],
  ])('refuses %s with INVALID_MODEL', async (_, spec, message) => {
    const p = buildModel(spec as never);
    await expect(p).rejects.toThrow(message);
    await expect(buildModel(spec as never)).rejects.toMatchObject({ code: 'INVALID_MODEL' });
  });
});

describe('buildModel size check', () => {
  it('refuses a topology over MAX_MODEL_BYTES before building it', async () => {
    const huge = { class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Dense', config: { name: 'd', units: 9000, batch_input_shape: [null, 9000] } }] } };
    const t0 = performance.now();
    await expect(buildModel({ layers: huge })).rejects.toMatchObject({ code: 'INVALID_MODEL', message: expect.stringContaining('above the 268435456 limit (MAX_MODEL_BYTES)') });
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
