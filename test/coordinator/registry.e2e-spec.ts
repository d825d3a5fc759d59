/**
 * Model registry over REST against the real app: versions and lineage,
 * the TF.js download loaded with `tf.loadLayersModel` over HTTP, import with
 * `model.save` over HTTP (multipart) and a job started from it, promote, and
 * deleting a job (the serving version is kept unless forced).
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel, getModelWeights, selectBackend } from '@fl/trainer-tfjs/node';
import type { ModelVersionView } from '@fl/protocol';
import { startHarness, type Harness } from './support/harness';
import { realmFetch } from './support/realm-fetch';


type HttpError = { statusCode: number; message: string[] | string };

describe('model registry REST', () => {
  let h: Harness;
  const load = (url: string) => tf.loadLayersModel(tf.io.http(url, { fetchFunc: realmFetch, requestInit: { headers: h.auth() } }));
  beforeAll(async () => {
    await selectBackend('cpu');
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('lists a job’s initial version with its lineage, and filters by job', async () => {
    const a = await h.createJob({ model: { builtin: 'synthetic', params: 8 }, dataset: 'd', seed: 1, secureAggregation: { enabled: false } });
    const b = await h.createJob({ model: { builtin: 'synthetic', params: 8 }, dataset: 'd', seed: 2 });
    const all = await h.rest<ModelVersionView[]>('GET', '/models');
    expect(all.status).toBe(200);
    expect(all.body.map((v) => v.id)).toEqual(expect.arrayContaining([a.modelVersionId, b.modelVersionId]));
    const mine = await h.rest<ModelVersionView[]>('GET', `/models?jobId=${a.id}`);
    expect(mine.body).toEqual([
      expect.objectContaining({ id: a.modelVersionId, hash: a.modelHash, jobId: a.id, round: 0, parentId: null, participants: [], metrics: null, secureAggregation: false, privacy: null, name: null, serving: false, parameterCount: 8, layout: [{ name: 'synthetic/w', shape: [8] }], hasTopology: false }),
    ]);
    const one = await h.rest<ModelVersionView>('GET', `/models/${a.modelVersionId}`);
    expect(one.body).toEqual(mine.body[0]);
    expect((await h.rest('GET', '/models?jobId=nope')).status).toBe(400);
    expect((await h.rest('GET', '/models/7f1c9a52-7c44-4d0e-9a3c-1c2d3e4f5a6b')).status).toBe(404);
    expect((await h.rest('GET', '/models/not-an-id')).status).toBe(404);
    expect((await h.rest<HttpError>('GET', '/models/serving')).body.message).toContain('no model version is serving');
  });

  it('refuses TF.js download and promotion of a layout-only model with 409', async () => {
    const job = await h.createJob({ model: { builtin: 'synthetic', params: 8 }, dataset: 'd' });
    const r = await h.rest<HttpError>('GET', `/models/${job.modelVersionId}/tfjs/model.json`);
    expect(r.status).toBe(409);
    expect(r.body.message).toContain('layout-only model (no TF.js topology)');
    expect((await h.rest('POST', `/models/${job.modelVersionId}/promote`)).status).toBe(409);
  });

  it('downloads a version in the TF.js format that tf.loadLayersModel loads over HTTP, with the same weights', async () => {
    const job = await h.createJob({ model: { builtin: 'mnist-mlp' }, dataset: 'mnist', seed: 3 });
    const url = `${h.url}/api/models/${job.modelVersionId}/tfjs/model.json`;
    const stored = await h.weights(job.modelHash);
    const model = await load(url);
    try {
      expect(Array.from(getModelWeights(model).data)).toEqual(Array.from(stored));
    } finally {
      model.dispose();
    }
    // Outside Jest's vm realm, exactly tf.loadLayersModel(tf.io.http(url, { requestInit: { headers } })) (async: the app runs in this process).
    const script = `const tf=require('@tensorflow/tfjs');tf.setBackend('cpu').then(()=>tf.loadLayersModel(tf.io.http(process.argv[1],{requestInit:{headers:{authorization:process.argv[2]}}}))).then(m=>{let s=0;for(const w of m.getWeights())for(const v of w.dataSync())s+=v;console.log(JSON.stringify({n:m.countParams(),s}))})`;
    const out = await new Promise<string>((resolve, reject) => {
      const { execFile } = require('node:child_process') as typeof import('node:child_process');
      execFile(process.execPath, ['-e', script, url, h.auth().authorization], { cwd: __dirname }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
    });
    const plain = JSON.parse(out.trim().split('\n').pop()!) as { n: number; s: number };
    expect(plain.n).toBe(stored.length);
    expect(plain.s).toBeCloseTo(stored.reduce((a, b) => a + b, 0), 3);
  });

  it('imports a model saved with model.save over HTTP, starts a job from it, and refuses bad uploads with 400', async () => {
    // Prepare: a small model of our own, saved the way TF.js saves to a URL (multipart model.json + model.weights.bin).
    const local = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 4, activation: 'relu', name: 'hidden' }), tf.layers.dense({ units: 2, activation: 'softmax', name: 'out' })] });
    const saved = await local.save(tf.io.http(`${h.url}/api/models/import`, { requestInit: { headers: h.auth() } }));
    const imported = JSON.parse(await (saved.responses![0] as Response).text()) as ModelVersionView;
    expect(saved.responses![0].status).toBe(201);
    expect(imported).toMatchObject({ jobId: null, round: 0, parentId: null, hasTopology: true, parameterCount: 3 * 4 + 4 + 4 * 2 + 2 });
    // The registry holds exactly the uploaded weights.
    const back = await load(`${h.url}/api/models/${imported.id}/tfjs/model.json`);
    expect(Array.from(getModelWeights(back).data)).toEqual(Array.from(getModelWeights(local).data));
    back.dispose();
    // Execute: a job from the imported version.
    const job = await h.createJob({ model: { version: imported.id }, dataset: 'd', secureAggregation: { enabled: false } });
    // Assert
    expect(job.modelHash).toBe(imported.hash);
    expect(job.config.model).toEqual({ version: imported.id });
    const initial = await h.rest<ModelVersionView>('GET', `/models/${job.modelVersionId}`);
    expect(initial.body).toMatchObject({ jobId: job.id, round: 0, parentId: imported.id, hash: imported.hash });
    const unknown = await h.rest<HttpError>('POST', '/jobs', { model: { version: '7f1c9a52-7c44-4d0e-9a3c-1c2d3e4f5a6b' }, dataset: 'd' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toEqual(['model.version: no model version 7f1c9a52-7c44-4d0e-9a3c-1c2d3e4f5a6b']);
    const both = await h.rest<HttpError>('POST', '/jobs', { model: { version: imported.id, builtin: 'mnist-mlp' }, dataset: 'd' });
    expect(both.body.message).toEqual(['model must give exactly one of builtin, layers or version']);

    // Bad uploads.
    const manifestJson = (edit: (w: Record<string, unknown>) => void = () => undefined) =>
      JSON.stringify({ modelTopology: local.toJSON(undefined, false), weightsManifest: [{ paths: ['w'], weights: getModelWeights(local).layout.map((t) => { const w = { ...t, dtype: 'float32' }; edit(w); return w; }) }] });
    const json = manifestJson();
    const weights = Buffer.from(getModelWeights(local).data.buffer);
    const upload = async (files: Record<string, string | Buffer>) => {
      const form = new FormData();
      for (const [k, v] of Object.entries(files)) form.append(k, new Blob([typeof v === "string" ? v : new Uint8Array(v)]), k);
      const res = await fetch(`${h.url}/api/models/import`, { method: 'POST', body: form, headers: h.auth() });
      return { status: res.status, body: JSON.parse(await res.text()) as HttpError };
    };
    expect(await upload({ 'model.json': json, 'weights.bin': weights })).toMatchObject({ status: 201 });
    const cases: Array<[Record<string, string | Buffer>, string]> = [
      [{ 'model.json': json }, 'missing: model.weights.bin'],
      [{ 'model.json': '{nope', 'weights.bin': weights }, 'model.json is not valid JSON'],
      [{ 'model.json': json, 'weights.bin': weights.subarray(4) }, `weights file has ${weights.length - 4} bytes, model.json's weightsManifest describes ${weights.length}`],
      [{ 'model.json': manifestJson((w) => (w.dtype = 'int32')), 'weights.bin': weights }, 'only float32 weights can be imported'],
      [{ 'model.json': manifestJson((w) => w.name === 'hidden/kernel' && (w.name = 'other/kernel')), 'weights.bin': weights }, 'the model needs hidden/kernel [3,4], which weightsManifest does not have'],
      [{ 'model.json': JSON.stringify({ modelTopology: { nope: 1 }, weightsManifest: [{ paths: [], weights: [] }] }), 'weights.bin': Buffer.alloc(0) }, "class_name"],
      [{ 'model.json': JSON.stringify({ weightsManifest: [] }), 'weights.bin': weights }, 'modelTopology must be an object'],
    ];
    for (const [files, message] of cases) {
      const r = await upload(files);
      expect({ status: r.status, message: String(r.body.message) }).toEqual({ status: 400, message: expect.stringContaining(message) });
    }
    const nan = Buffer.from(weights);
    nan.writeFloatLE(NaN, 0);
    expect(String((await upload({ 'model.json': json, 'weights.bin': nan })).body.message)).toContain('hidden/kernel has a non-finite value (NaN) at index 0');
    expect((await h.rest('POST', '/models/import', { 'model.json': {} })).status).toBe(400);
    local.dispose();
  });

  it('promotes a version to serving (one at a time), and deleting a job keeps its serving version unless forced', async () => {
    const create = () => h.createJob({ model: { builtin: 'mnist-mlp' }, dataset: 'mnist', seed: 11 });
    const a = await create();
    const b = await h.createJob({ model: { builtin: 'mnist-mlp' }, dataset: 'mnist', seed: 12 });
    expect((await h.rest<ModelVersionView>('POST', `/models/${a.modelVersionId}/promote`)).body.serving).toBe(true);
    const pb = await h.rest<ModelVersionView>('POST', `/models/${b.modelVersionId}/promote`);
    expect(pb).toMatchObject({ status: 200, body: { id: b.modelVersionId, serving: true } });
    expect((await h.rest<ModelVersionView>('GET', `/models/${a.modelVersionId}`)).body.serving).toBe(false);
    expect((await h.rest<ModelVersionView>('GET', '/models/serving')).body.id).toBe(b.modelVersionId);

    // A running job must be stopped first.
    const running = await h.createJob({ model: { builtin: 'synthetic', params: 4 }, dataset: 'nobody-has-this', waitForClientsSeconds: 60 });
    await h.startJob(running.id);
    const busy = await h.rest<HttpError>('DELETE', `/jobs/${running.id}`);
    expect(busy.status).toBe(409);
    expect(busy.body.message).toContain('stop it first');
    await h.rest('POST', `/jobs/${running.id}/stop`);
    await h.waitJob(running.id, (j) => j.rounds.every((r) => r.phase === 'failed'));
    expect((await h.rest('DELETE', `/jobs/${running.id}`)).status).toBe(200);

    // A: not serving → its versions go (the weights stay: a job with the same seed shares them? no: seed 11 is A's alone).
    const delA = await h.rest<{ deletedVersions: string[]; keptVersions: string[] }>('DELETE', `/jobs/${a.id}`);
    expect(delA).toEqual({ status: 200, body: { jobId: a.id, deletedVersions: [a.modelVersionId], keptVersions: [] } });
    expect((await h.rest('GET', `/jobs/${a.id}`)).status).toBe(404);
    expect((await h.rest('GET', `/models/${a.modelVersionId}`)).status).toBe(404);
    expect((await h.rest('GET', `/models/${a.modelHash}/weights`)).status).toBe(404);

    // B: serving → kept without force, with its weights.
    const delB = await h.rest<{ keptVersions: string[] }>('DELETE', `/jobs/${b.id}`);
    expect(delB.body).toEqual({ jobId: b.id, deletedVersions: [], keptVersions: [b.modelVersionId] });
    expect((await h.rest<ModelVersionView>('GET', '/models/serving')).body).toMatchObject({ id: b.modelVersionId, jobId: b.id });
    expect((await h.rest('GET', `/models/${b.modelVersionId}/tfjs/weights.bin`)).status).toBe(200);

    // Forced: the serving version goes too.
    const c = await create(); // same seed as A: same weights, its own version
    await h.rest('POST', `/models/${c.modelVersionId}/promote`);
    const forced = await h.rest<{ deletedVersions: string[] }>('DELETE', `/jobs/${c.id}?force=true`);
    expect(forced.body.deletedVersions).toEqual([c.modelVersionId]);
    expect((await h.rest('GET', '/models/serving')).status).toBe(404);
    expect((await h.rest('DELETE', `/jobs/${c.id}`)).status).toBe(404);
    const d = await create();
    expect((await h.rest('DELETE', `/jobs/${d.id}?force=maybe`)).status).toBe(400);
  });
});
