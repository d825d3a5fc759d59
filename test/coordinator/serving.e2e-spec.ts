/**
 * Model serving against the real app with real inference workers: a
 * predict round trip equal to a local `model.predict` on the same weights,
 * the `serving` alias, input validation (400), the batch limit (413),
 * unknown versions (404), layout-only models (409), and many concurrent
 * requests answered correctly (dynamic batching).
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@fl/trainer-tfjs/node';
import type { ModelVersionView, PredictResponse } from '@fl/protocol';
import { startHarness, type Harness } from './support/harness';
import { realmFetch } from './support/realm-fetch';

type HttpError = { statusCode: number; message: string };

describe('model serving', () => {
  let h: Harness;
  let cnn: { versionId: string; local: tf.LayersModel };
  beforeAll(async () => {
    await selectBackend('cpu');
    h = await startHarness({ servingMaxBatch: 8 });
    const job = await h.createJob({ model: { builtin: 'mnist-cnn' }, dataset: 'mnist', seed: 21 });
    const local = await tf.loadLayersModel(tf.io.http(`${h.url}/api/models/${job.modelVersionId}/tfjs/model.json`, { fetchFunc: realmFetch, requestInit: { headers: h.auth() } }));
    cnn = { versionId: job.modelVersionId, local };
  });
  afterAll(async () => {
    cnn?.local.dispose();
    await h.close();
  });

  const image = (seed: number) => Array.from({ length: 28 }, (_, r) => Array.from({ length: 28 }, (_, c) => [((r * 31 + c * 17 + seed * 7) % 97) / 97]));

  it('predicts like a local model.predict on the same weights, nested or flat inputs', async () => {
    const inputs = [image(1), image(2).flat(2), image(3)];
    const r = await h.rest<PredictResponse>('POST', `/models/${cnn.versionId}/predict`, { inputs });
    expect(r.status).toBe(200);
    const expected = tf.tidy(() => (cnn.local.predict(tf.tensor([image(1), image(2), image(3)])) as tf.Tensor).arraySync() as number[][]);
    expect(r.body.modelId).toBe(cnn.versionId);
    expect(r.body.outputShape).toEqual([10]);
    expect(r.body.predictions).toHaveLength(3);
    r.body.predictions.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 5)));
    expect(r.body.argmax).toEqual(expected.map((row) => row.indexOf(Math.max(...row))));
  });

  it('answers many concurrent requests, each with its own rows', async () => {
    const rs = await Promise.all(Array.from({ length: 24 }, (_, i) => h.rest<PredictResponse>('POST', `/models/${cnn.versionId}/predict`, { inputs: [image(i)] })));
    const expected = tf.tidy(() => (cnn.local.predict(tf.tensor(Array.from({ length: 24 }, (_, i) => image(i)))) as tf.Tensor).arraySync() as number[][]);
    rs.forEach((r, i) => {
      expect(r.status).toBe(200);
      r.body.predictions[0].forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 5));
    });
  });

  it('serves the promoted version under the alias serving', async () => {
    expect((await h.rest<HttpError>('POST', '/models/serving/predict', { inputs: [image(1)] })).status).toBe(404);
    await h.rest<ModelVersionView>('POST', `/models/${cnn.versionId}/promote`);
    const r = await h.rest<PredictResponse>('POST', '/models/serving/predict', { inputs: [image(1)] });
    expect(r.status).toBe(200);
    expect(r.body.modelId).toBe(cnn.versionId);
  });

  it('refuses inputs that do not fit the model with 400 naming the problem, and batches over the limit with 413', async () => {
    const post = (body: unknown) => h.rest<HttpError>('POST', `/models/${cnn.versionId}/predict`, body);
    const cases: Array<[unknown, string]> = [
      [{ inputs: [image(1).slice(1)] }, "inputs[0] has length 27, expected 28 (the model's input shape is [28,28,1])"],
      [{ inputs: [Array(783).fill(0)] }, 'inputs[0] has length 783, expected 28'],
      [{ inputs: [] }, 'inputs is empty'],
      [{ inputs: 'x' }, 'inputs must be an array'],
      [{ input: [] }, 'property input should not exist'],
      [{ inputs: [image(1).map((row, r) => (r === 3 ? row.map((px, c) => (c === 5 ? [null] : px)) : row))] }, 'inputs[0][3][5][0] must be a number (got null)'],
    ];
    for (const [body, message] of cases) expect(await post(body)).toEqual({ status: 400, body: expect.objectContaining({ message: expect.stringContaining(message) }) });
    const big = await post({ inputs: Array.from({ length: 9 }, () => image(0)) });
    expect(big.status).toBe(413);
    expect(big.body.message).toBe('inputs has 9 examples; the largest batch is 8');
  });

  it('answers 404 for unknown versions and 409 for layout-only models', async () => {
    expect((await h.rest('POST', '/models/7f1c9a52-7c44-4d0e-9a3c-1c2d3e4f5a6b/predict', { inputs: [[1]] })).status).toBe(404);
    expect((await h.rest('POST', '/models/nope/predict', { inputs: [[1]] })).status).toBe(404);
    const synthetic = await h.createJob({ model: { builtin: 'synthetic', params: 4 }, dataset: 'd' });
    const r = await h.rest<HttpError>('POST', `/models/${synthetic.modelVersionId}/predict`, { inputs: [[1, 2, 3, 4]] });
    expect(r.status).toBe(409);
    expect(r.body.message).toContain('layout-only model (no TF.js topology): it cannot be served');
  });

  it('reports the event-loop delay in health', async () => {
    const r = await h.rest<{ eventLoopDelayMs: { p50: number; p99: number; max: number } }>('GET', '/health');
    expect(r.body.eventLoopDelayMs.p99).toBeGreaterThanOrEqual(0);
    expect((await h.rest('POST', '/health/event-loop/reset')).status).toBe(204);
  });
});
