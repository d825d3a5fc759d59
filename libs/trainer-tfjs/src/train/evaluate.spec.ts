import { evaluate } from './evaluate';
import { buildModel } from '../model/build-model';
import { modelLayout, setModelWeights } from '../weights/model-weights';
import { blobs, denseModelJson } from '../testing/fixtures';

describe(evaluate.name, () => {
  it('gives loss ln(K) and first-class accuracy for an all-zero softmax model (known answer)', async () => {
    const m = await buildModel({ layers: denseModelJson(6, 3) });
    setModelWeights(m, { layout: modelLayout(m), data: new Float32Array(6 * 3 + 3) });
    const data = blobs(30, 3, 6); // labels 0,1,2,0,1,2,…
    const r = evaluate(m, data, 7); // batch size that does not divide the count
    expect(r.loss).toBeCloseTo(Math.log(3), 5);
    expect(r.accuracy).toBeCloseTo(1 / 3, 10); // argmax of a tie is class 0
    expect(r.numExamples).toBe(30);
    m.dispose();
  });

  it('uses softmax cross-entropy for a logits model', async () => {
    const m = await buildModel({ layers: denseModelJson(6, 4, { logits: true }) });
    setModelWeights(m, { layout: modelLayout(m), data: new Float32Array(6 * 4 + 4) });
    expect(evaluate(m, blobs(8, 4, 6)).loss).toBeCloseTo(Math.log(4), 5);
    m.dispose();
  });

  it('refuses a dataset that does not fit the model', async () => {
    const m = await buildModel({ layers: denseModelJson(6, 3) });
    expect(() => evaluate(m, blobs(9, 3, 5))).toThrow(/shape \[5\], the model expects \[6\]/);
    expect(() => evaluate(m, blobs(9, 4, 6))).toThrow(/has 4 classes/);
    expect(() => evaluate(m, { ...blobs(3, 3, 6), count: 0, x: new Float32Array(0), y: new Int32Array(0) })).toThrow(/empty/);
    m.dispose();
  });
});
