/**
 * Access control, table-driven over EVERY route the running app serves (read
 * from the Express router, not a hand-written list) and the `/admin` socket
 * namespace: a missing or wrong token gets 401, every role lacking the
 * route's permission gets 403 FORBIDDEN, and a role holding it is not
 * refused by the guard. A route without a permission fails this spec.
 */
import { io } from 'socket.io-client';
import { ADMIN_NAMESPACE, ROLES, SOCKET_PATH, type Role } from '@fl/protocol';
import { ROLE_PERMISSIONS, roleAllows } from '../../apps/coordinator/src/auth/permissions';
import { randomAdminToken, startHarness, type Harness } from './support/harness';
import { concrete, servedRoutes, type ServedRoute } from './support/routes';

/** Swagger's own routes (not Nest handlers): public on purpose, they describe only the API's shape (docs/security.md). */
const DOCS = /^\/api\/docs(-json|-yaml|\/.*)?$/;

type Reply = { status: number; code: string | null };

describe('access control on every served route', () => {
  let h: Harness;
  let routes: ServedRoute[];
  const tokens = {} as Record<Role, string>;
  beforeAll(async () => {
    h = await startHarness({ authFailuresPerMinute: 1_000_000 });
    routes = servedRoutes(h.app);
    for (const role of ROLES) tokens[role] = role === 'admin' ? h.adminToken : (await h.tokenFor(role)).secret;
  });
  afterAll(() => h.close());

  const call = async (r: ServedRoute, headers: Record<string, string>): Promise<Reply> => {
    const withBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method);
    const res = await fetch(`${h.url}${concrete(r.path)}`, { method: r.method, headers: { ...headers, ...(withBody ? { 'content-type': 'application/json' } : {}) }, body: withBody ? '{}' : undefined });
    const text = await res.text();
    let code: string | null = null;
    try {
      code = (JSON.parse(text) as { code?: string }).code ?? null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, code };
  };

  it('finds the routes (sanity: the walk is not empty) and every Nest route declares its access', () => {
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) {
      if (r.access === null) {
        expect(r.path).toMatch(DOCS); // only Swagger serves routes outside Nest
        continue;
      }
      const declared = r.access.permission !== null || r.access.public || r.access.authenticated;
      expect({ route: `${r.method} ${r.path}`, declared }).toEqual({ route: `${r.method} ${r.path}`, declared: true });
    }
    const publicOnes = routes.filter((r) => r.access?.public).map((r) => `${r.method} ${r.path}`);
    expect(publicOnes.sort()).toEqual(['DELETE /api/auth/session', 'GET /api/health', 'POST /api/auth/session']);
  });

  it('refuses a missing and a wrong token with 401 UNAUTHENTICATED on every non-public route', async () => {
    for (const r of routes.filter((x) => x.access && !x.access.public)) {
      const none = await call(r, {});
      const wrong = await call(r, h.auth(randomAdminToken()));
      const garbage = await call(r, { authorization: 'Bearer nonsense' });
      expect({ route: `${r.method} ${r.path}`, none, wrong, garbage }).toEqual({
        route: `${r.method} ${r.path}`,
        none: { status: 401, code: 'UNAUTHENTICATED' },
        wrong: { status: 401, code: 'UNAUTHENTICATED' },
        garbage: { status: 401, code: 'UNAUTHENTICATED' },
      });
    }
  });

  it('refuses every role lacking the permission with 403 FORBIDDEN and lets every role holding it through the guard', async () => {
    let allowed = 0;
    let refused = 0;
    for (const r of routes.filter((x) => x.access && !x.access.public)) {
      for (const role of ROLES) {
        const may = r.access!.authenticated || roleAllows(role, r.access!.permission!);
        const got = await call(r, h.auth(tokens[role]));
        const guardRefused = got.status === 401 || (got.status === 403 && got.code === 'FORBIDDEN');
        expect({ route: `${r.method} ${r.path}`, role, refused: guardRefused, got: may ? 'any' : got }).toEqual({ route: `${r.method} ${r.path}`, role, refused: !may, got: may ? 'any' : { status: 403, code: 'FORBIDDEN' } });
        if (may) allowed++;
        else refused++;
      }
    }
    expect(allowed).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it('serves the public routes without a credential', async () => {
    for (const r of routes.filter((x) => x.access?.public)) expect([r.path, (await call(r, {})).status]).not.toEqual([r.path, 401]);
    for (const r of routes.filter((x) => x.access === null && x.method === 'GET' && !x.path.includes('LICENSE'))) expect([r.path, (await call(r, {})).status]).toEqual([r.path, 200]);
  });

  describe('the /admin socket namespace', () => {
    const connect = (auth?: Record<string, unknown>) =>
      new Promise<{ ok: true } | { ok: false; code: string }>((resolve) => {
        const s = io(`${h.url}${ADMIN_NAMESPACE}`, { path: SOCKET_PATH, transports: ['websocket'], forceNew: true, reconnection: false, auth });
        s.once('connect', () => {
          s.close();
          resolve({ ok: true });
        });
        s.once('connect_error', (e: Error & { data?: { code: string } }) => {
          s.close();
          resolve({ ok: false, code: e.data?.code ?? e.message });
        });
      });

    it('refuses a missing, wrong or malformed token at connect', async () => {
      expect(await connect()).toEqual({ ok: false, code: 'UNAUTHENTICATED' });
      expect(await connect({ token: randomAdminToken() })).toEqual({ ok: false, code: 'UNAUTHENTICATED' });
      expect(await connect({ token: 42 })).toEqual({ ok: false, code: 'UNAUTHENTICATED' });
    });

    it('disconnects a connected dashboard when its token is revoked', async () => {
      // Prepare
      const op = await h.tokenFor('operator', 'watcher');
      const s = io(`${h.url}${ADMIN_NAMESPACE}`, { path: SOCKET_PATH, transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: op.secret } });
      await new Promise<void>((resolve) => s.once('connect', () => resolve()));
      const gone = new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
      // Execute
      expect((await h.rest('DELETE', `/tokens/${op.id}`)).status).toBe(200);
      // Assert
      expect(await gone).toBe('io server disconnect');
      expect(await connect({ token: op.secret })).toEqual({ ok: false, code: 'UNAUTHENTICATED' });
    });

    it.each(ROLES)('lets %s in exactly when its role holds jobs:read', async (role) => {
      const expected = ROLE_PERMISSIONS[role].includes('jobs:read') ? { ok: true } : { ok: false, code: 'FORBIDDEN' };
      expect(await connect({ token: tokens[role] })).toEqual(expected);
    });
  });
});
