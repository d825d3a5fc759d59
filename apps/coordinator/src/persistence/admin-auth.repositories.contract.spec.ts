/**
 * One contract for the API-token and audit-log repositories, run against
 * every implementation: PGlite, a real PostgreSQL server and memory.
 */
import type { ApiTokensRepository, StoredApiToken } from './api-tokens.repository';
import type { AuditLogRepository, NewAuditEntry } from './audit-log.repository';
import { InMemoryApiTokensRepository } from './in-memory-api-tokens.repository';
import { InMemoryAuditLogRepository } from './in-memory-audit-log.repository';
import { SqlApiTokensRepository } from './sql/sql-api-tokens.repository';
import { SqlAuditLogRepository } from './sql/sql-audit-log.repository';
import { openTestDatabase, type TestDatabase } from './sql/testing/test-database';

interface Repos {
  tokens: ApiTokensRepository;
  audit: AuditLogRepository;
  close(): Promise<void>;
}

const T0 = new Date('2026-01-01T00:00:00Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const token = (id: string, over: Partial<StoredApiToken> = {}): StoredApiToken => ({
  id, name: `n-${id}`, role: 'admin', secretHash: 'ab'.repeat(32), createdAt: T0, expiresAt: null, revokedAt: null, lastUsedAt: null, createdBy: null, ...over,
});
const entry = (action: string, over: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
  at: T0, actorTokenId: 'a1', actorName: 'root', action, target: null, result: 'ok', sourceAddress: '127.0.0.1', details: null, ...over,
});

async function sql(engine: 'embedded' | 'postgres'): Promise<Repos> {
  const t: TestDatabase = await openTestDatabase(engine);
  return { tokens: new SqlApiTokensRepository(t.db), audit: new SqlAuditLogRepository(t.db), close: () => t.drop() };
}

async function memory(): Promise<Repos> {
  const audit = new InMemoryAuditLogRepository();
  return { tokens: new InMemoryApiTokensRepository(audit), audit, close: async () => undefined };
}

describe.each([
  ['embedded', () => sql('embedded')],
  ['postgres', () => sql('postgres')],
  ['memory', memory],
] as const)('admin-auth repositories (%s)', (_name, open) => {
  let r: Repos;
  beforeAll(async () => {
    r = await open();
  }, 60_000);
  afterAll(async () => r && (await r.close()));

  it('creates tokens with their audit entry and reads them back', async () => {
    // Execute
    await r.tokens.create(token('a1', { expiresAt: at(3600) }), entry('tokens.create', { target: 'a1', details: { role: 'admin' } }));
    await r.tokens.create(token('v1', { role: 'viewer', createdAt: at(1), createdBy: 'a1' }));
    // Assert
    expect(await r.tokens.get('a1')).toEqual(token('a1', { expiresAt: at(3600) }));
    expect((await r.tokens.list()).map((t) => [t.id, t.role, t.createdBy])).toEqual([['a1', 'admin', null], ['v1', 'viewer', 'a1']]);
    expect(await r.tokens.get('nope')).toBeUndefined();
    await expect(r.tokens.create(token('a1'))).rejects.toThrow();
    const page = await r.audit.page({ limit: 10 });
    expect(page.entries.map((e) => [e.action, e.target, e.details])).toEqual([['tokens.create', 'a1', { role: 'admin' }]]);
  });

  it('counts active admins (expired and revoked ones do not count) and refuses to revoke the last one', async () => {
    expect(await r.tokens.countActiveAdmins(at(10))).toBe(1);
    expect(await r.tokens.countActiveAdmins(at(3600))).toBe(0);
    expect(await r.tokens.revoke('a1', at(10), entry('tokens.revoke'))).toBe('last_admin');
    expect(await r.tokens.revoke('zz', at(10))).toBe('not_found');
    expect((await r.tokens.get('a1'))!.revokedAt).toBeNull();
  });

  it('revokes a token, ends its sessions and writes the audit entry in the same change', async () => {
    // Prepare
    await r.tokens.create(token('a2', { createdAt: at(2) }));
    await r.tokens.createSession({ idHash: 'h1', tokenId: 'a1', createdAt: at(5), expiresAt: at(100) });
    await r.tokens.createSession({ idHash: 'h2', tokenId: 'a2', createdAt: at(5), expiresAt: at(100) });
    // Execute
    const out = await r.tokens.revoke('a1', at(20), entry('tokens.revoke', { target: 'a1' }));
    // Assert
    expect(out).toBe('revoked');
    expect((await r.tokens.get('a1'))!.revokedAt).toEqual(at(20));
    expect(await r.tokens.getSession('h1')).toBeUndefined();
    expect(await r.tokens.getSession('h2')).toEqual({ idHash: 'h2', tokenId: 'a2', createdAt: at(5), expiresAt: at(100) });
    expect(await r.tokens.revoke('a1', at(21))).toBe('already_revoked');
    expect(await r.tokens.revoke('a2', at(21))).toBe('last_admin');
    expect((await r.audit.page({ limit: 1 })).entries[0]).toMatchObject({ action: 'tokens.revoke', target: 'a1', result: 'ok' });
  });

  it('records last use, deletes sessions and drops expired ones when a new one is made', async () => {
    await r.tokens.touch('a2', at(30));
    expect((await r.tokens.get('a2'))!.lastUsedAt).toEqual(at(30));
    await r.tokens.createSession({ idHash: 'h3', tokenId: 'a2', createdAt: at(200), expiresAt: at(300) });
    expect(await r.tokens.getSession('h2')).toBeUndefined();
    await r.tokens.deleteSession('h3');
    expect(await r.tokens.getSession('h3')).toBeUndefined();
  });

  it('pages the audit log newest first with a cursor and filters', async () => {
    // Prepare
    for (let i = 0; i < 5; i++) await r.audit.append(entry(i % 2 ? 'jobs.start' : 'jobs.create', { at: at(100 + i), target: `j${i}`, actorTokenId: i < 3 ? 'a2' : 'v1', result: i === 4 ? '409' : 'ok' }));
    // Execute
    const first = await r.audit.page({ limit: 2 });
    const second = await r.audit.page({ limit: 2, before: Number(first.next) });
    // Assert
    expect(first.entries.map((e) => [e.target, e.result])).toEqual([['j4', '409'], ['j3', 'ok']]);
    expect(first.entries[0].at).toBe(at(104).toISOString());
    expect(second.entries.map((e) => e.target)).toEqual(['j2', 'j1']);
    expect((await r.audit.page({ limit: 10, action: 'jobs.start' })).entries.map((e) => e.target)).toEqual(['j3', 'j1']);
    expect((await r.audit.page({ limit: 10, actor: 'v1' })).entries.map((e) => e.target)).toEqual(['j4', 'j3']);
    const all = await r.audit.page({ limit: 100 });
    expect(all.next).toBeNull();
    expect(all.entries).toHaveLength(7);
  });
});
