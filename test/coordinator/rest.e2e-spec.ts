import { modelHash } from '@fl/fl-core/node';
/**
 * REST surface: validation (400 listing every problem), 404 / 409, model
 * download, Swagger, health.
 */
import { PROTOCOL_VERSION, type JobView } from '@fl/protocol';
import { startHarness, type Harness } from './support/harness';

type HttpError = { statusCode: number; message: string[] | string; error: string };

describe('coordinator REST API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses an invalid job with 400 listing every problem', async () => {
    const r = await h.rest<HttpError>('POST', '/jobs', { model: { builtin: 'resnet', params: 0 }, rounds: 0, overSelection: -1, learningRate: 'fast', strategy: { name: 'sgd' }, extra: true });
    expect(r.status).toBe(400);
    expect(r.body.message).toEqual(
      expect.arrayContaining([
        'property extra should not exist',
        'dataset must be a string',
        'rounds must not be less than 1',
        'overSelection must not be less than 0',
        expect.stringContaining('learningRate must be a number'),
        expect.stringContaining('model.builtin must be one of the following values'),
        'model.params must not be less than 1',
        expect.stringContaining('strategy.name must be one of the following values'),
      ]),
    );
  });

  it('refuses a missing or non-object model, and a non-JSON body, with 400', async () => {
    const missing = await h.rest<HttpError>('POST', '/jobs', { dataset: 'd' });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toEqual(expect.arrayContaining(['model should not be null or undefined']));
    expect((await h.rest('POST', '/jobs', { dataset: 'd', model: 'synthetic' })).status).toBe(400);
    expect((await h.rest('POST', '/jobs', { dataset: 'd', model: { builtin: 'synthetic', params: 4 }, strategy: 'fedavg' })).status).toBe(400);
    const res = await fetch(`${h.url}/api/jobs`, { method: 'POST', headers: { 'content-type': 'application/json', ...h.auth() }, body: '{"model":' });
    expect(res.status).toBe(400);
  });

  it('refuses cross-field problems with 400', async () => {
    const r = await h.rest<HttpError>('POST', '/jobs', { model: { builtin: 'synthetic' }, dataset: 'd', clientsPerRound: 2, minClients: 5, strategy: { name: 'fedavg', momentum: 0.9 } });
    expect(r.status).toBe(400);
    expect(r.body.message).toEqual([
      'model.params is required for the synthetic model',
      'minClients (5) must not exceed clientsPerRound (2)',
      expect.stringContaining('strategy: momentum does not apply to fedavg'),
    ]);
  });

  it('creates a job with every default filled and lists it', async () => {
    const r = await h.rest<JobView>('POST', '/jobs', { model: { builtin: 'synthetic', params: 16 }, dataset: 'd' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      status: 'created',
      currentRound: 0,
      completedRounds: 0,
      parameterCount: 16,
      rounds: [],
      statusReason: null,
      config: { rounds: 5, clientsPerRound: 8, minClients: 2, overSelection: 0.3, roundDeadlineSeconds: 120, waitForClientsSeconds: 300, maxRoundRetries: 3, localEpochs: 1, batchSize: 32, learningRate: 0.01, seed: 42, strategy: { name: 'fedavg' }, evaluate: true, evaluateEvery: 1, evalData: null },
    });
    expect(r.body.modelHash).toMatch(/^[0-9a-f]{64}$/);
    const again = await h.rest<JobView>('POST', '/jobs', { model: { builtin: 'synthetic', params: 16 }, dataset: 'd' });
    expect(again.body.modelHash).toBe(r.body.modelHash); // same seed → same bytes → same content address
    const list = await h.rest<JobView[]>('GET', '/jobs');
    expect(list.body.map((j) => j.id)).toEqual(expect.arrayContaining([r.body.id, again.body.id]));
    const one = await h.rest<JobView>('GET', `/jobs/${r.body.id}`);
    expect(one.body.id).toBe(r.body.id);
  });

  it('serves the global model description and its weights', async () => {
    const job = await h.createJob({ model: { builtin: 'synthetic', params: 16 }, dataset: 'd', seed: 9 });
    const m = await h.rest<{ hash: string }>('GET', `/jobs/${job.id}/model`);
    expect(m.body).toEqual({ hash: job.modelHash, round: 0, layout: [{ name: 'synthetic/w', shape: [16] }], topology: null, parameterCount: 16 });
    const w = await fetch(`${h.url}/api/models/${job.modelHash}/weights`, { headers: h.auth() });
    expect(w.status).toBe(200);
    expect(w.headers.get('content-type')).toBe('application/octet-stream');
    const bytes = new Uint8Array(await w.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 4)).toString()).toBe('FLW1');
    expect(modelHash(bytes)).toBe(job.modelHash);
    expect((await h.rest('GET', `/models/${'0'.repeat(64)}/weights`)).status).toBe(404);
  });

  it('builds TF.js models through @fl/trainer-tfjs, deterministic in the seed, and refuses bad layers', async () => {
    const a = await h.createJob({ model: { builtin: 'mnist-mlp' }, dataset: 'mnist', seed: 5 });
    const b = await h.createJob({ model: { builtin: 'mnist-mlp' }, dataset: 'mnist', seed: 5 });
    expect(a.modelHash).toBe(b.modelHash);
    const m = await h.rest<{ layout: Array<{ name: string; shape: number[] }>; topology: { class_name?: string } | null; parameterCount: number }>('GET', `/jobs/${a.id}/model`);
    expect(m.body.topology).not.toBeNull();
    expect(m.body.layout.length).toBeGreaterThan(1);
    expect(m.body.parameterCount).toBe(m.body.layout.reduce((s, t) => s + t.shape.reduce((x, y) => x * y, 1), 0));
    const bad = await h.rest<HttpError>('POST', '/jobs', { model: { layers: { nope: true } }, dataset: 'mnist' });
    expect(bad.status).toBe(400);
    expect(String(bad.body.message)).toContain('class_name');
  });

  it('answers 404 for unknown jobs and 409 for transitions the status does not allow', async () => {
    const unknown = '7f1c9a52-7c44-4d0e-9a3c-1c2d3e4f5a6b';
    expect((await h.rest('GET', `/jobs/${unknown}`)).status).toBe(404);
    expect((await h.rest('GET', '/jobs/not-a-uuid')).status).toBe(404);
    expect((await h.rest('POST', `/jobs/${unknown}/start`)).status).toBe(404);
    const job = await h.createJob({ model: { builtin: 'synthetic', params: 4 }, dataset: 'nobody-has-this', waitForClientsSeconds: 60 });
    expect((await h.rest('POST', `/jobs/${job.id}/start`)).status).toBe(200);
    const twice = await h.rest<HttpError>('POST', `/jobs/${job.id}/start`);
    expect(twice.status).toBe(409);
    expect(twice.body.message).toContain('is running');
    const stopped = await h.rest<JobView>('POST', `/jobs/${job.id}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.status).toBe('stopped');
    expect((await h.rest('POST', `/jobs/${job.id}/stop`)).status).toBe(409);
    const after = await h.waitJob(job.id, (j) => j.rounds[0]?.phase === 'failed');
    expect(after.status).toBe('stopped');
    expect(after.rounds[0].failureReason).toBe('stopped by request');
  });

  it('serves Swagger JSON and UI, and health', async () => {
    const doc = await h.rest<{ openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }>('GET', '/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths).sort()).toEqual(
      [
        '/api/audit',
        '/api/auth/me',
        '/api/auth/session',
        '/api/clients',
        '/api/clients/{id}/resume',
        '/api/clients/{id}/revoke',
        '/api/clients/{id}/suspend',
        '/api/enrollment-tokens',
        '/api/enrollment-tokens/{id}',
        '/api/health',
        '/api/health/event-loop/reset',
        '/api/jobs',
        '/api/jobs/{id}',
        '/api/jobs/{id}/evaluations',
        '/api/jobs/{id}/model',
        '/api/jobs/{id}/privacy/budget',
        '/api/jobs/{id}/start',
        '/api/jobs/{id}/stop',
        '/api/metrics',
        '/api/models',
        '/api/models/import',
        '/api/models/{id}',
        '/api/models/{id}/predict',
        '/api/models/{id}/promote',
        '/api/models/{id}/tfjs/model.json',
        '/api/models/{id}/tfjs/weights.bin',
        '/api/models/{hash}/weights',
        '/api/tokens',
        '/api/tokens/{id}',
      ].sort(),
    );
    expect(Object.keys(doc.body.components.schemas)).toEqual(expect.arrayContaining(['CreateJobDto', 'ModelSpecDto', 'StrategyConfigDto', 'JobViewDto', 'ModelVersionDto', 'PredictRequestDto', 'PredictResponseDto', 'DeletedJobDto', 'ImportModelFormDto']));
    const ui = await fetch(`${h.url}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
    const health = await h.rest<{ status: string; protocolVersion: number }>('GET', '/health');
    expect(health.body).toMatchObject({ status: 'ok', protocolVersion: PROTOCOL_VERSION });
  });
});
