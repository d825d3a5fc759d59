/**
 * The audit log against the real app: every state-changing route is
 * audited without code of its own (action `<controller>.<handler>`, target
 * from `:id` or the returned id), failures with their HTTP status, guard
 * refusals of authenticated callers, token changes in their transaction;
 * never a secret; newest first with cursor paging and filters.
 */
import type { AuditEntry, AuditPage, WhoAmI } from '@fl/protocol';
import { startHarness, type Harness } from './support/harness';

const MISSING = '7f1c9a52-7c44-4d0e-9a3c-1c2d3e4f5a6b';

describe('audit log', () => {
  let h: Harness;
  let admin: WhoAmI;
  const secrets: string[] = [];
  beforeAll(async () => {
    h = await startHarness();
    admin = (await h.rest<WhoAmI>('GET', '/auth/me')).body;
    secrets.push(h.adminToken);
  });
  afterAll(() => h.close());

  const newest = async (q = '') => (await h.rest<AuditPage>('GET', `/audit${q}`)).body;

  it('records a successful change with its actor, action, target and source', async () => {
    const job = await h.createJob({ model: { builtin: 'synthetic', params: 4 }, dataset: 'd' });
    const [e] = (await newest('?limit=1')).entries;
    expect(e).toMatchObject({ actorTokenId: admin.tokenId, actorName: admin.name, action: 'jobs.create', target: job.id, result: 'ok', sourceAddress: expect.stringMatching(/127\.0\.0\.1$/), details: { method: 'POST', path: '/api/jobs' } });
    expect(Math.abs(Date.parse(e.at) - Date.now())).toBeLessThan(10_000);
    await h.startJob(job.id);
    expect((await newest('?limit=1')).entries[0]).toMatchObject({ action: 'jobs.start', target: job.id, result: 'ok' });
  });

  it('records failures with their HTTP status, and guard refusals of an authenticated caller', async () => {
    // Execute
    expect((await h.rest('POST', `/jobs/${MISSING}/start`)).status).toBe(404);
    expect((await h.rest('POST', '/jobs', { dataset: 'd' })).status).toBe(400);
    const viewer = await h.tokenFor('viewer', 'read only');
    secrets.push(viewer.secret);
    expect((await h.rest('POST', `/jobs/${MISSING}/stop`, undefined, viewer.secret)).status).toBe(403);
    expect((await h.rest('POST', '/health/event-loop/reset')).status).toBe(204);
    // Assert
    const e = (await newest('?limit=5')).entries;
    expect(e.map((x) => [x.action, x.target, x.result, x.actorName])).toEqual([
      ['health.resetEventLoop', null, 'ok', admin.name],
      ['jobs.stop', MISSING, '403', 'read only'],
      ['tokens.create', viewer.id, 'ok', admin.name],
      ['jobs.create', null, '400', admin.name],
      ['jobs.start', MISSING, '404', admin.name],
    ]);
    expect(e[1].details).toEqual({ method: 'POST', path: `/api/jobs/${MISSING}/stop`, code: 'FORBIDDEN' });
    expect(e[2].details).toEqual({ name: 'read only', role: 'viewer', expiresAt: null });
  });

  it('records token revocation (and its refusal) and never writes a secret', async () => {
    const op = await h.tokenFor('operator');
    secrets.push(op.secret);
    await h.rest('DELETE', `/tokens/${op.id}`);
    await h.rest('DELETE', `/tokens/${admin.tokenId}`); // the last admin: refused
    const e = (await newest('?limit=2')).entries;
    expect(e.map((x) => [x.action, x.target, x.result])).toEqual([
      ['tokens.revoke', admin.tokenId, '409'],
      ['tokens.revoke', op.id, 'ok'],
    ]);
    expect(e[0].details).toMatchObject({ code: 'LAST_ADMIN' });
    const all = JSON.stringify((await newest('?limit=500')).entries);
    for (const s of secrets) expect(all).not.toContain(s.slice(-43));
  });

  it('pages newest first with a cursor and filters by actor and action', async () => {
    // Prepare
    const viewer = await h.tokenFor('viewer');
    for (let i = 0; i < 3; i++) await h.rest('POST', `/jobs/${MISSING}/start`, undefined, viewer.secret);
    // Execute
    const seen: AuditEntry[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: AuditPage = await newest(`?limit=3${cursor ? `&before=${cursor}` : ''}`);
      expect(page.entries.length).toBeLessThanOrEqual(3);
      seen.push(...page.entries);
      cursor = page.next;
    }
    // Assert
    const ids = seen.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(10);
    const byViewer = await newest(`?actor=${viewer.id}`);
    expect(byViewer.entries.map((e) => [e.action, e.result])).toEqual(Array(3).fill(['jobs.start', '403']));
    expect((await newest('?action=tokens.create')).entries.every((e) => e.action === 'tokens.create')).toBe(true);
    for (const bad of ['?limit=0', '?limit=501', '?before=abc', '?before=-1', '?extra=1']) expect([bad, (await h.rest('GET', `/audit${bad}`)).status]).toEqual([bad, 400]);
  });
});
