import type { EnrollmentTokenRecord, EnrollmentTokensRepository } from './enrollment-tokens.repository';
import { InMemoryEnrollmentTokensRepository } from './in-memory-enrollment-tokens.repository';
import { SqlEnrollmentTokensRepository } from './sql/sql-enrollment-tokens.repository';
import { openTestDatabase } from './sql/testing/test-database';
import { loadCoordinatorId } from './coordinator-identity.repository';
/**
 * The one behaviour every EnrollmentTokensRepository must have, run against
 * the in-memory repository, PGlite and PostgreSQL.
 */

const T0 = new Date('2026-01-01T00:00:00Z');

function token(over: Partial<EnrollmentTokenRecord> = {}): EnrollmentTokenRecord {
  return {
    id: `et_${Math.random().toString(16).slice(2).padEnd(32, '0').slice(0, 32)}`,
    secretHash: 'a'.repeat(64),
    label: 'site',
    maxUses: 1,
    uses: 0,
    createdAt: T0,
    expiresAt: new Date(T0.getTime() + 3600_000),
    revokedAt: null,
    dataset: null,
    clientName: null,
    maxExamples: 1000,
    createdBy: null,
    ...over,
  };
}

function enrollmentTokensContract(name: string, open: () => Promise<{ repo: EnrollmentTokensRepository; close: () => Promise<void> }>): void {
  describe(`EnrollmentTokensRepository contract (${name})`, () => {
    let repo: EnrollmentTokensRepository;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ repo, close } = await open());
    }, 60_000);
    afterAll(async () => close && (await close()));
    const now = new Date(T0.getTime() + 1000);

    it('stores, reads back and lists a token, newest first', async () => {
      const a = token({ dataset: 'mnist', clientName: 'site-a', createdBy: 'tok_1', label: 'a' });
      const b = token({ createdAt: new Date(T0.getTime() + 5), label: 'b' });
      await repo.create(a);
      await repo.create(b);
      expect(await repo.get(a.id)).toEqual(a);
      expect(await repo.get('et_nope')).toBeUndefined();
      const listed = (await repo.list()).filter((t) => t.id === a.id || t.id === b.id);
      expect(listed.map((t) => t.label)).toEqual(['b', 'a']);
    });

    it('consumes a single-use token once, then refuses it as used', async () => {
      const t = token();
      await repo.create(t);
      const first = await repo.consume(t.id, now);
      expect(first).toEqual({ ok: true, token: { ...t, uses: 1 } });
      expect(await repo.consume(t.id, now)).toEqual({ ok: false, why: 'used' });
      expect((await repo.get(t.id))?.uses).toBe(1);
    });

    it('lets exactly maxUses of many concurrent consumers win', async () => {
      const single = token();
      const triple = token({ maxUses: 3 });
      await repo.create(single);
      await repo.create(triple);
      const a = await Promise.all(Array.from({ length: 8 }, () => repo.consume(single.id, now)));
      const b = await Promise.all(Array.from({ length: 8 }, () => repo.consume(triple.id, now)));
      expect(a.filter((r) => r.ok)).toHaveLength(1);
      expect(b.filter((r) => r.ok)).toHaveLength(3);
      expect((await repo.get(triple.id))?.uses).toBe(3);
    });

    it('refuses unknown, expired and revoked tokens with the reason, taking no use', async () => {
      const expired = token({ expiresAt: now });
      const revoked = token();
      await repo.create(expired);
      await repo.create(revoked);
      const r = await repo.revoke(revoked.id, now);
      expect(r?.revokedAt).toEqual(now);
      expect((await repo.revoke(revoked.id, new Date(now.getTime() + 1)))?.revokedAt).toEqual(now);
      expect(await repo.revoke('et_nope', now)).toBeUndefined();
      expect(await repo.consume('et_nope', now)).toEqual({ ok: false, why: 'unknown' });
      expect(await repo.consume(expired.id, now)).toEqual({ ok: false, why: 'expired' });
      expect(await repo.consume(revoked.id, now)).toEqual({ ok: false, why: 'revoked' });
      expect((await repo.get(expired.id))?.uses).toBe(0);
      expect((await repo.get(revoked.id))?.uses).toBe(0);
    });
  });
}

enrollmentTokensContract('memory', async () => ({ repo: new InMemoryEnrollmentTokensRepository(), close: async () => undefined }));
for (const engine of ['embedded', 'postgres'] as const)
  enrollmentTokensContract(engine, async () => {
    const t = await openTestDatabase(engine);
    return { repo: new SqlEnrollmentTokensRepository(t.db), close: () => t.drop() };
  });

describe('coordinator id', () => {
  it('is created once and kept in the database', async () => {
    const t = await openTestDatabase('embedded');
    try {
      const a = await loadCoordinatorId(t.db);
      expect(a).toMatch(/^co_[0-9a-f]{32}$/);
      expect(await loadCoordinatorId(t.db)).toBe(a);
    } finally {
      await t.drop();
    }
  }, 60_000);
});
