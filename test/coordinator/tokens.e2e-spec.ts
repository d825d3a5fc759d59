/**
 * API token lifecycle against the real app: the secret shown once, lists
 * without secrets, expiry, revocation (→ 401), the last-admin rule, and
 * input validation.
 */
import type { ApiTokenView, CreatedApiToken, WhoAmI } from '@fl/protocol';
import { startHarness, type Harness } from './support/harness';

type Err = { statusCode: number; code?: string; message: unknown };

describe('API tokens', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('creates a token whose secret is shown once and never listed', async () => {
    // Execute
    const created = await h.rest<CreatedApiToken>('POST', '/tokens', { name: 'ci viewer', role: 'viewer' });
    // Assert
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ci viewer', role: 'viewer', expiresAt: null, revokedAt: null, lastUsedAt: null });
    expect(created.body.secret).toMatch(new RegExp(`^flt_${created.body.id}_[A-Za-z0-9_-]{43}$`));
    const me = await h.rest<WhoAmI>('GET', '/auth/me', undefined, created.body.secret);
    expect(me.body).toEqual({ tokenId: created.body.id, name: 'ci viewer', role: 'viewer', permissions: ['jobs:read', 'models:read', 'clients:read', 'system:read', 'metrics:read'] });
    const admin = await h.rest<WhoAmI>('GET', '/auth/me');
    expect(created.body.createdBy).toBe(admin.body.tokenId);
    const list = await h.rest<ApiTokenView[]>('GET', '/tokens');
    const mine = list.body.find((t) => t.id === created.body.id)!;
    expect(Object.keys(mine).sort()).toEqual(['createdAt', 'createdBy', 'expiresAt', 'id', 'lastUsedAt', 'name', 'revokedAt', 'role']);
    expect(mine.lastUsedAt).not.toBeNull(); // it was just used for /auth/me
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret.slice(-43));
  });

  it('refuses an expired token with 401', async () => {
    const t = (await h.rest<CreatedApiToken>('POST', '/tokens', { name: 'short', role: 'operator', expiresInSeconds: 1 })).body;
    expect(Date.parse(t.expiresAt!) - Date.parse(t.createdAt)).toBe(1000);
    expect((await h.rest('GET', '/jobs', undefined, t.secret)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await h.rest<Err>('GET', '/jobs', undefined, t.secret)).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
  });

  it('revokes a token: it is refused at once; a second revoke is 409, an unknown id 404', async () => {
    const t = await h.tokenFor('operator');
    expect((await h.rest('GET', '/jobs', undefined, t.secret)).status).toBe(200);
    const revoked = await h.rest<ApiTokenView>('DELETE', `/tokens/${t.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect(await h.rest<Err>('GET', '/jobs', undefined, t.secret)).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(await h.rest<Err>('DELETE', `/tokens/${t.id}`)).toMatchObject({ status: 409, body: { code: 'ALREADY_REVOKED' } });
    expect(await h.rest<Err>('DELETE', '/tokens/0123456789abcdef')).toMatchObject({ status: 404, body: { code: 'TOKEN_NOT_FOUND' } });
  });

  it('refuses a token whose secret part is wrong even though its id exists', async () => {
    const t = await h.tokenFor('viewer');
    const forged = `flt_${t.id}_${'A'.repeat(43)}`;
    expect(await h.rest<Err>('GET', '/jobs', undefined, forged)).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses bad token requests with 400', async () => {
    for (const body of [{ name: 'x', role: 'root' }, { name: 'x', role: 'viewer', expiresInSeconds: 0 }, { role: 'viewer' }, { name: 'x', role: 'viewer', secret: 'mine' }, { name: '', role: 'viewer' }]) {
      expect([body, (await h.rest('POST', '/tokens', body)).status]).toEqual([body, 400]);
    }
  });

  it('never revokes the last active admin token', async () => {
    // Prepare
    const me = (await h.rest<WhoAmI>('GET', '/auth/me')).body;
    // Execute / Assert: alone, the harness admin cannot go
    expect(await h.rest<Err>('DELETE', `/tokens/${me.tokenId}`)).toMatchObject({ status: 409, body: { code: 'LAST_ADMIN' } });
    // With a second admin it can, and then the second is the last one
    const second = await h.tokenFor('admin', 'second admin');
    expect((await h.rest('DELETE', `/tokens/${me.tokenId}`, undefined, second.secret)).status).toBe(200);
    expect((await h.rest<Err>('GET', '/auth/me')).status).toBe(401);
    expect(await h.rest<Err>('DELETE', `/tokens/${second.id}`, undefined, second.secret)).toMatchObject({ status: 409, body: { code: 'LAST_ADMIN' } });
    // An expired admin token does not count as active
    const brief = (await h.rest<CreatedApiToken>('POST', '/tokens', { name: 'brief admin', role: 'admin', expiresInSeconds: 1 }, second.secret)).body;
    await new Promise((r) => setTimeout(r, 1100));
    expect(await h.rest<Err>('DELETE', `/tokens/${second.id}`, undefined, second.secret)).toMatchObject({ status: 409, body: { code: 'LAST_ADMIN' } });
    expect((await h.rest('DELETE', `/tokens/${brief.id}`, undefined, second.secret)).status).toBe(200);
  });
});
