/**
 * The dashboard session cookie and the CSRF rules against the real app:
 * only JSON (or multipart for the model import) on state-changing requests
 * (415 otherwise), the cookie's attributes, the Origin check for cookie
 * sessions on REST and on the admin socket, logout, and a session dying
 * with its token.
 */
import { io } from 'socket.io-client';
import { ADMIN_NAMESPACE, SOCKET_PATH, type JobView, type WhoAmI } from '@fl/protocol';
import { startHarness, type Harness } from './support/harness';

const EVIL = 'https://evil.example';

describe('CSRF rules and dashboard sessions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ corsOrigins: ['https://dash.example'] });
  });
  afterAll(() => h.close());

  const send = async (method: string, path: string, headers: Record<string, string>, body?: string | FormData) => {
    const res = await fetch(`${h.url}/api${path}`, { method, headers, body });
    const text = await res.text();
    return { status: res.status, code: (JSON.parse(text || '{}') as { code?: string }).code ?? null, setCookie: res.headers.get('set-cookie'), text };
  };
  const login = async (token = h.adminToken) => {
    const r = await send('POST', '/auth/session', { 'content-type': 'application/json' }, JSON.stringify({ token }));
    return { ...r, cookie: r.setCookie?.split(';')[0] ?? '' };
  };

  it('refuses the content types a form can send on state-changing requests with 415, even with a valid token', async () => {
    const job = { model: { builtin: 'synthetic', params: 4 }, dataset: 'd' };
    expect(await send('POST', '/jobs', { ...h.auth(), 'content-type': 'text/plain' }, JSON.stringify(job))).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await send('POST', '/jobs', { ...h.auth(), 'content-type': 'application/x-www-form-urlencoded' }, 'dataset=d')).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    const form = new FormData();
    form.append('dataset', 'd');
    expect(await send('POST', '/jobs', h.auth(), form)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await send('DELETE', '/tokens/abc', { ...h.auth(), 'content-type': 'text/plain' }, 'x')).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    // JSON is fine, and so is a bodyless POST without a Content-Type.
    const created = await send('POST', '/jobs', { ...h.auth(), 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(job));
    expect(created.status).toBe(201);
    expect((await send('POST', `/jobs/${(JSON.parse(created.text) as JobView).id}/stop`, h.auth())).status).toBe(200);
  });

  it('opens a session with an HttpOnly, SameSite=Strict cookie that reads like a token', async () => {
    // Execute
    const s = await login();
    // Assert
    expect(s.status).toBe(200);
    expect(JSON.parse(s.text)).toMatchObject({ role: 'admin' });
    expect(s.setCookie).toMatch(/^fl_session=[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict$/); // no Secure: plain HTTP here
    expect(s.setCookie).not.toContain(h.adminToken);
    expect((await send('GET', '/auth/me', { cookie: s.cookie })).status).toBe(200);
    expect((await send('GET', '/jobs', { cookie: s.cookie })).status).toBe(200);
  });

  it('checks the Origin of state-changing cookie requests: own or --cors-origin passes, foreign or missing → 403', async () => {
    const { cookie } = await login();
    const body = JSON.stringify({ model: { builtin: 'synthetic', params: 4 }, dataset: 'd' });
    const json = { cookie, 'content-type': 'application/json' };
    expect(await send('POST', '/jobs', { ...json, origin: EVIL }, body)).toMatchObject({ status: 403, code: 'FORBIDDEN_ORIGIN' });
    expect(await send('POST', '/jobs', json, body)).toMatchObject({ status: 403, code: 'FORBIDDEN_ORIGIN' });
    expect(await send('POST', '/jobs', { ...json, origin: h.url }, body)).toMatchObject({ status: 201 });
    expect(await send('POST', '/jobs', { ...json, origin: 'https://dash.example' }, body)).toMatchObject({ status: 201 });
    // Reads need no Origin; a bearer token needs none either (a browser never sends it by itself).
    expect((await send('GET', '/jobs', { cookie, origin: EVIL })).status).toBe(200);
    expect((await send('POST', '/jobs', { ...h.auth(), 'content-type': 'application/json', origin: EVIL }, body)).status).toBe(201);
  });

  it('checks the Origin of a cookie session on the admin socket', async () => {
    const { cookie } = await login();
    const connect = (origin: string) =>
      new Promise<string>((resolve) => {
        const s = io(`${h.url}${ADMIN_NAMESPACE}`, { path: SOCKET_PATH, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie, origin } });
        s.once('connect', () => (s.close(), resolve('connected')));
        s.once('connect_error', (e: Error & { data?: { code: string } }) => (s.close(), resolve(e.data?.code ?? e.message)));
      });
    expect(await connect(EVIL)).toBe('FORBIDDEN_ORIGIN');
    expect(await connect(h.url)).toBe('connected');
  });

  it('refuses a wrong login with 401 and ends a session on logout or when its token is revoked', async () => {
    expect(await login('flt_abc_' + 'x'.repeat(43))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    // Logout
    const a = await login();
    const out = await send('DELETE', '/auth/session', { cookie: a.cookie, origin: h.url });
    expect(out.status).toBe(204);
    expect(out.setCookie).toMatch(/^fl_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(await send('GET', '/jobs', { cookie: a.cookie })).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    // Revocation
    const op = await h.tokenFor('operator');
    const b = await login(op.secret);
    expect((JSON.parse(b.text) as WhoAmI).role).toBe('operator');
    expect((await send('GET', '/jobs', { cookie: b.cookie })).status).toBe(200);
    await h.rest('DELETE', `/tokens/${op.id}`);
    expect(await send('GET', '/jobs', { cookie: b.cookie })).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await send('GET', '/jobs', { cookie: 'fl_session=not-a-session' })).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });
});
