import { ApiClient } from './api-client';
import { ApiError, UNREACHABLE } from './api-error';
import { startFakeCoordinator, type FakeCoordinator } from './testing/fake-coordinator';

describe(ApiClient.name, () => {
  let fake: FakeCoordinator;
  beforeEach(async () => {
    fake = await startFakeCoordinator();
  });
  afterEach(() => fake.close());

  const ok = (json: unknown = { ok: true }) => () => ({ json });
  const last = () => fake.seen[fake.seen.length - 1];

  it('sends the token as a bearer header, and no authorization header without one', async () => {
    fake.routes.set('GET /api/jobs', ok([]));
    await new ApiClient({ baseUrl: fake.url, token: 's3cret' }).jobs.list();
    expect(last().headers.authorization).toBe('Bearer s3cret');
    await new ApiClient({ baseUrl: fake.url + '/' }).jobs.list();
    expect(last().headers.authorization).toBeUndefined();
    expect(last().path).toBe('/api/jobs');
  });

  it('calls every route with its method, path, query and JSON body', async () => {
    const api = new ApiClient({ baseUrl: fake.url });
    const cases: Array<[string, () => Promise<unknown>, unknown?, Record<string, string>?]> = [
      ['POST /api/jobs', () => api.jobs.create({ model: { builtin: 'mnist-cnn' }, dataset: 'mnist' }), { model: { builtin: 'mnist-cnn' }, dataset: 'mnist' }],
      ['GET /api/jobs', () => api.jobs.list()],
      ['GET /api/jobs/j%2F1', () => api.jobs.get('j/1')],
      ['GET /api/jobs/j1/evaluations', () => api.jobs.evaluations('j1')],
      ['POST /api/jobs/j1/start', () => api.jobs.start('j1')],
      ['POST /api/jobs/j1/stop', () => api.jobs.stop('j1')],
      ['POST /api/jobs/j1/privacy/budget', () => api.jobs.raiseBudget('j1', 4), { epsilon: 4 }],
      ['DELETE /api/jobs/j1', () => api.jobs.delete('j1', { force: true }), undefined, { force: 'true' }],
      ['GET /api/jobs/j1/model', () => api.jobs.model('j1')],
      ['GET /api/models', () => api.models.list({ jobId: 'j1' }), undefined, { jobId: 'j1' }],
      ['GET /api/models/serving', () => api.models.get('serving')],
      ['POST /api/models/m1/promote', () => api.models.promote('m1')],
      ['GET /api/models/m1/tfjs/model.json', () => api.models.tfjsModelJson('m1')],
      ['POST /api/models/m1/predict', () => api.models.predict('m1', [[1, 2]]), { inputs: [[1, 2]] }],
      ['GET /api/clients', () => api.clients.list()],
      ['POST /api/clients/c1/suspend', () => api.clients.suspend('c1')],
      ['POST /api/clients/c1/resume', () => api.clients.resume('c1')],
      ['POST /api/clients/c1/revoke', () => api.clients.revoke('c1')],
      ['POST /api/enrollment-tokens', () => api.enrollmentTokens.create({ label: 'site-a', maxUses: 3 }), { label: 'site-a', maxUses: 3 }],
      ['GET /api/enrollment-tokens', () => api.enrollmentTokens.list()],
      ['DELETE /api/enrollment-tokens/e1', () => api.enrollmentTokens.revoke('e1')],
      ['POST /api/tokens', () => api.tokens.create({ name: 'ci', role: 'operator', expiresInSeconds: 60 }), { name: 'ci', role: 'operator', expiresInSeconds: 60 }],
      ['GET /api/tokens', () => api.tokens.list()],
      ['DELETE /api/tokens/t1', () => api.tokens.revoke('t1')],
      ['GET /api/auth/me', () => api.auth.me()],
      ['POST /api/auth/session', () => api.auth.login('tok'), { token: 'tok' }],
      ['DELETE /api/auth/session', () => api.auth.logout()],
      ['GET /api/audit', () => api.system.audit({ limit: 5, before: 'cur', actor: 't1', action: 'jobs.create' }), undefined, { limit: '5', before: 'cur', actor: 't1', action: 'jobs.create' }],
      ['GET /api/health', () => api.system.health()],
      ['POST /api/health/event-loop/reset', () => api.system.resetEventLoop()],
    ];
    for (const [route, call, body, query] of cases) {
      fake.routes.set(route, ok({ route }));
      const result = await call();
      const s = last();
      expect(`${s.method} ${s.path}`).toBe(route);
      expect(s.query).toEqual(query ?? {});
      if (body === undefined) expect(s.body.length).toBe(0);
      else {
        expect(s.headers['content-type']).toBe('application/json');
        expect(JSON.parse(s.body.toString('utf8'))).toEqual(body);
      }
      if (!route.includes('reset') && !route.startsWith('DELETE /api/auth')) expect(result).toEqual({ route });
    }
  });

  it('returns null for a 204 answer of a route that may have no body', async () => {
    fake.routes.set('DELETE /api/tokens/t1', () => ({ status: 204 }));
    await expect(new ApiClient({ baseUrl: fake.url }).tokens.revoke('t1')).resolves.toBeNull();
  });

  it('downloads bytes (weights, tfjs weights) as a Uint8Array of this realm', async () => {
    const bytes = Buffer.from([1, 2, 3, 250]);
    fake.routes.set('GET /api/models/abc/weights', () => ({ raw: bytes }));
    fake.routes.set('GET /api/models/m1/tfjs/weights.bin', () => ({ raw: bytes }));
    fake.routes.set('GET /api/models/m1/tfjs/model.json', () => ({ json: { format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'] }] } }));
    const api = new ApiClient({ baseUrl: fake.url });
    const w = await api.models.weights('abc');
    expect(w).toBeInstanceOf(Uint8Array);
    expect([...w]).toEqual([1, 2, 3, 250]);
    const tfjs = await api.models.tfjs('m1');
    expect(tfjs.modelJson).toEqual({ format: 'layers-model', weightsManifest: [{ paths: ['weights.bin'] }] });
    expect([...tfjs.weights]).toEqual([1, 2, 3, 250]);
  });

  it('imports a model as multipart model.json + model.weights.bin + name', async () => {
    fake.routes.set('POST /api/models/import', ok({ id: 'm9' }));
    const weights = new Uint8Array([9, 8, 7, 6]);
    await expect(new ApiClient({ baseUrl: fake.url }).models.import({ modelJson: { format: 'layers-model' }, weights, name: 'mine' })).resolves.toEqual({ id: 'm9' });
    const s = last();
    expect(s.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const raw = s.body.toString('latin1');
    expect(raw).toContain('name="model.json"; filename="model.json"');
    expect(raw).toContain('{"format":"layers-model"}');
    expect(raw).toContain('name="model.weights.bin"; filename="model.weights.bin"');
    expect(raw).toContain(Buffer.from(weights).toString('latin1'));
    expect(raw).toMatch(/name="name"\r\n\r\nmine\r\n/);
  });

  describe('errors', () => {
    it('carries the status, the coordinator code and the joined messages', async () => {
      fake.routes.set('POST /api/jobs', () => ({ status: 400, json: { statusCode: 400, message: ['rounds must be positive', 'dataset is missing'], error: 'Bad Request' } }));
      const e = (await new ApiClient({ baseUrl: fake.url, token: 'tok-xyz' }).jobs.create({ model: {}, dataset: '' }).catch((x) => x)) as ApiError;
      expect(e).toBeInstanceOf(ApiError);
      expect([e.status, e.code, e.detail, e.request]).toEqual([400, 'BAD_REQUEST', 'rounds must be positive; dataset is missing', 'POST /api/jobs']);
      expect(e.message).toBe('POST /api/jobs → HTTP 400 BAD_REQUEST: rounds must be positive; dataset is missing');
      expect(JSON.stringify({ ...e, m: e.message })).not.toContain('tok-xyz');
    });

    it('prefers an explicit error code in the body', async () => {
      fake.routes.set('GET /api/auth/me', () => ({ status: 401, json: { statusCode: 401, code: 'TOKEN_REVOKED', message: 'this token was revoked' } }));
      await expect(new ApiClient({ baseUrl: fake.url }).auth.me()).rejects.toMatchObject({ status: 401, code: 'TOKEN_REVOKED', detail: 'this token was revoked' });
    });

    it('keeps a non-JSON body as the message and names the status', async () => {
      fake.routes.set('GET /api/health', () => ({ status: 502, raw: 'bad gateway', type: 'text/plain' }));
      await expect(new ApiClient({ baseUrl: fake.url }).system.health()).rejects.toMatchObject({ status: 502, code: 'HTTP_502', detail: 'bad gateway' });
    });

    it('an unknown route is a NOT_FOUND ApiError', async () => {
      await expect(new ApiClient({ baseUrl: fake.url }).jobs.get('nope')).rejects.toMatchObject({ status: 404, code: 'NOT_FOUND' });
    });

    it('no answer at all is UNREACHABLE with status 0', async () => {
      const url = fake.url;
      await fake.close();
      fake = await startFakeCoordinator(); // afterEach closes this one
      const e = (await new ApiClient({ baseUrl: url }).jobs.list().catch((x) => x)) as ApiError;
      expect([e.status, e.code]).toEqual([0, UNREACHABLE]);
      expect(e.detail).toContain(`cannot reach the coordinator at ${url}`);
    });

    it('refuses a base URL that is not http(s)', () => {
      expect(() => new ApiClient({ baseUrl: 'ftp://x' })).toThrow('baseUrl must be an http(s) URL');
      expect(() => new ApiClient({ baseUrl: 'localhost:8080' })).toThrow(TypeError);
    });
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const api = new ApiClient({ baseUrl: fake.url, fetch: (u, init) => (calls.push(`${init?.method} ${u}`), fetch(u, init)) });
    fake.routes.set('GET /api/clients', ok([]));
    await api.clients.list();
    expect(calls).toEqual([`GET ${fake.url}/api/clients`]);
  });
});
