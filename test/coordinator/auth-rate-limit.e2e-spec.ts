/**
 * Failed authentications are limited per source address: past
 * `authFailuresPerMinute` the address gets 429 RATE_LIMITED (even with a
 * valid token, on REST and on the admin socket) while other addresses are
 * served as usual. The loopback network gives a second address (127.0.0.2).
 */
import { request } from 'node:http';
import { io } from 'socket.io-client';
import { ADMIN_NAMESPACE, SOCKET_PATH, type AuditPage } from '@fl/protocol';
import { randomAdminToken, startHarness, type Harness } from './support/harness';

const LIMIT = 5;

describe('failed-authentication rate limit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ authFailuresPerMinute: LIMIT });
  });
  afterAll(() => h.close());

  /** GET from a chosen local address. */
  const get = (path: string, token: string | null, from: string) =>
    new Promise<{ status: number; code: string | null }>((resolve, reject) => {
      const u = new URL(`${h.url}/api${path}`);
      const req = request({ host: u.hostname, port: u.port, path: u.pathname, localAddress: from, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, code: (JSON.parse(text || '{}') as { code?: string }).code ?? null }));
      });
      req.on('error', reject);
      req.end();
    });

  it('answers 429 to an address past the limit, and keeps serving the others', async () => {
    // Prepare: a missing credential is not an attempt and does not count
    for (let i = 0; i < LIMIT + 2; i++) expect((await get('/jobs', null, '127.0.0.1')).status).toBe(401);
    // Execute
    const replies = [];
    for (let i = 0; i < LIMIT; i++) replies.push(await get('/jobs', randomAdminToken(), '127.0.0.1'));
    // Assert
    expect(replies.map((r) => r.status)).toEqual(Array(LIMIT).fill(401));
    expect(await get('/jobs', h.adminToken, '127.0.0.1')).toEqual({ status: 429, code: 'RATE_LIMITED' });
    expect(await get('/jobs', randomAdminToken(), '127.0.0.1')).toEqual({ status: 429, code: 'RATE_LIMITED' });
    expect((await get('/health', null, '127.0.0.1')).status).toBe(200); // the public health check stays up
    const socketCode = await new Promise<string>((resolve) => {
      const s = io(`${h.url}${ADMIN_NAMESPACE}`, { path: SOCKET_PATH, transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: h.adminToken } });
      s.once('connect', () => (s.close(), resolve('connected')));
      s.once('connect_error', (e: Error & { data?: { code: string } }) => (s.close(), resolve(e.data?.code ?? e.message)));
    });
    expect(socketCode).toBe('RATE_LIMITED');
    // Another address is served, and has its own budget.
    expect(await get('/jobs', h.adminToken, '127.0.0.2')).toEqual({ status: 200, code: null });
    expect(await get('/jobs', randomAdminToken(), '127.0.0.2')).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await get('/jobs', h.adminToken, '127.0.0.2')).toEqual({ status: 200, code: null });
  });

  it('writes one auth.rate_limited audit entry per address and window, not one per failure', async () => {
    const page = await new Promise<AuditPage>((resolve, reject) => {
      const u = new URL(`${h.url}/api/audit?action=auth.rate_limited`);
      const req = request({ host: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, localAddress: '127.0.0.3', headers: h.auth() }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve(JSON.parse(text) as AuditPage));
      });
      req.on('error', reject);
      req.end();
    });
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]).toMatchObject({ action: 'auth.rate_limited', result: '429', sourceAddress: '127.0.0.1', actorTokenId: null, details: { failures: LIMIT, windowSeconds: 60 } });
  });
});
