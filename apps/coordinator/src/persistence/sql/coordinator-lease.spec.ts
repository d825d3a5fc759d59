/**
 * The coordinator lease on a real PostgreSQL: one holder at a time, takeover
 * only after expiry, a restart under the same name takes its own lease back,
 * and a coordinator that lost the lease can no longer write a job (fencing)
 * and is told so once.
 */
import { JobStatus, type JobConfig } from '@fl/protocol';
import type { JobRecord } from '../job-record';
import { CoordinatorLease, LeaseLostError } from './coordinator-lease';
import { SqlJobsRepository } from './sql-jobs.repository';
import { openTestDatabase, type TestDatabase } from './testing/test-database';

const job = (id: string): JobRecord => ({
  id, config: { dataset: 'synthetic', rounds: 3 } as unknown as JobConfig, status: JobStatus.Running, statusReason: null,
  createdAt: new Date('2026-01-01T00:00:00Z'), rounds: [], currentRound: 0, completedRounds: 0, modelHash: 'a'.repeat(64),
  modelVersionId: 'v0', parameterCount: 4, strategyState: null,
});

describe(CoordinatorLease.name, () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase('postgres');
  }, 60_000);
  afterAll(async () => t && (await t.drop()));

  it('has one holder; a standby takes over only once the lease expires; the old holder is fenced out', async () => {
    // Prepare
    const lostA: string[] = [];
    const a = new CoordinatorLease(t.db, 'a', 600, (r) => lostA.push(r));
    const b = new CoordinatorLease(t.db, 'b', 600, () => undefined);
    const jobsA = new SqlJobsRepository(t.db, (tx) => a.assertHeld(tx));
    const jobsB = new SqlJobsRepository(t.db, (tx) => b.assertHeld(tx));

    // Execute / Assert: a holds it; b is told who does
    expect(await a.tryAcquire()).toEqual({ ok: true });
    expect(await b.tryAcquire()).toMatchObject({ ok: false, holder: { owner: 'a' } });
    expect(await a.renew()).toBe(true);
    await jobsA.save(job('j1'));
    await expect(jobsB.save(job('j2'))).rejects.toThrow(LeaseLostError);

    // a stops renewing (frozen); b waits on standby and takes over after expiry
    const said: string[] = [];
    const started = Date.now();
    await b.acquire((m) => said.push(m));
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(said).toEqual([expect.stringMatching(/^standby: the database is driven by coordinator a /)]);

    // a wakes up: its writes are refused, and it learns it lost the lease, once
    const stale = job('j1');
    stale.completedRounds = 9;
    await expect(jobsA.commitRound(stale, { id: 'v9', hash: 'b'.repeat(64), jobId: 'j1', round: 9, parentId: null, participants: [], metrics: null, secureAggregation: false, privacy: null, createdAt: new Date(), name: null })).rejects.toThrow(
      /may no longer write: coordinator b took over/,
    );
    expect(await a.renew()).toBe(false);
    expect(lostA).toEqual(['coordinator b took over the database']);
    const rows = await t.db.selectFrom('model_versions').select('id').where('id', '=', 'v9').execute();
    expect(rows).toEqual([]);
    expect((await new SqlJobsRepository(t.db).get('j1'))!.completedRounds).toBe(0);
    await jobsB.save(job('j2'));

    // Cleanup
    await b.release();
  });

  it('is taken back at once by a restart under the same name, and handed over at once on release', async () => {
    const a1 = new CoordinatorLease(t.db, 'same', 60_000, () => undefined);
    expect(await a1.tryAcquire()).toEqual({ ok: true });
    const a2 = new CoordinatorLease(t.db, 'same', 60_000, () => undefined);
    expect(await a2.tryAcquire()).toEqual({ ok: true });
    const other = new CoordinatorLease(t.db, 'other', 60_000, () => undefined);
    expect((await other.tryAcquire()).ok).toBe(false);
    await a2.release();
    expect(await other.tryAcquire()).toEqual({ ok: true });
    await other.release();
  });
});
