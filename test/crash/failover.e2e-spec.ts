/**
 * Active/standby coordinators on one PostgreSQL database (the coordinator
 * lease): a second coordinator started on the same database waits on standby
 * — it does not listen and runs no job — while the first holds the lease.
 * When the active one is SIGKILLed, the standby takes over once the lease
 * expires, resumes the job from the database and finishes it with the
 * clients (which reach "the coordinator" at the standby's address, as behind
 * a load balancer); every round is committed once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobStatus, RoundPhase } from '@fl/protocol';
import { ApiClient } from '@fl/api-client';
import { CRASH_DATASET, crashJob } from '../../apps/tools/src/chaos/crash-run';
import { Children } from '../../apps/tools/src/proc/children';
import { startCoordinator } from '../../apps/tools/src/proc/coordinator';
import { startClients, withEnrollment } from '../../apps/tools/src/proc/edge-clients';
import { freePort } from '../../apps/tools/src/proc/free-port';
import { scratchPostgres } from '../../apps/coordinator/src/persistence/sql/testing/test-database';

jest.setTimeout(180_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('coordinator failover (postgres)', () => {
  it('keeps a second coordinator on standby, then lets it take over the job when the active one dies', async () => {
    // Prepare: A active, B standby on the same database and blob folder, lease 2 s
    const dir = mkdtempSync(join(tmpdir(), 'fl-failover-'));
    const pg = await scratchPostgres('fl_failover');
    const children = new Children();
    const env = { FL_DB: 'postgres', FL_DATABASE_URL: pg.url, FL_LEASE_SECONDS: '2' };
    const dataDir = join(dir, 'shared');
    try {
      const a = await startCoordinator(children, { dataDir, env: { ...env, FL_INSTANCE_ID: 'coordinator-a' }, logFile: join(dir, 'a.log') });
      const portB = await freePort();
      const bStarting = startCoordinator(children, { port: portB, dataDir, env: { ...env, FL_INSTANCE_ID: 'coordinator-b' }, logFile: join(dir, 'b.log'), timeoutMs: 120_000 });
      bStarting.catch(() => undefined);
      const urlB = `http://127.0.0.1:${portB}`;
      const apiA = new ApiClient({ baseUrl: a.url, token: a.adminToken! });
      startClients(
        children,
        urlB,
        await withEnrollment(apiA, Array.from({ length: 3 }, (_, i) => ({ name: `failover-${i}`, data: CRASH_DATASET, echo: true, examples: 10 + i })), dir),
        dir,
      );
      const job = await apiA.jobs.create(crashJob({ clients: 3, rounds: 2, seed: 3, params: 200, secure: false }));
      await apiA.jobs.start(job.id);

      // Execute / Assert: B stays on standby while A lives
      await sleep(3000);
      const reachB = await fetch(`${urlB}/api/health`).then(
        () => 'answered',
        () => 'refused',
      );
      expect(reachB).toBe('refused');
      expect((await apiA.jobs.get(job.id)).status).toBe(JobStatus.Running);

      // A dies; B takes over within a few lease periods and finishes the job
      a.child.proc.kill('SIGKILL');
      await a.child.exited;
      const b = await bStarting;
      const apiB = new ApiClient({ baseUrl: b.url, token: b.adminToken! });
      let view = await apiB.jobs.get(job.id);
      for (let i = 0; i < 600 && view.status === JobStatus.Running; i++) {
        await sleep(100);
        view = await apiB.jobs.get(job.id);
      }
      expect(view.status).toBe(JobStatus.Completed);
      expect(view.completedRounds).toBe(2);
      const done = view.rounds.filter((r) => r.phase === RoundPhase.Done).map((r) => r.round);
      expect(done).toEqual([1, 2]);
      const versions = (await (await fetch(`${b.url}/api/models?jobId=${job.id}`, { headers: { authorization: `Bearer ${b.adminToken}` } })).json()) as Array<{ round: number }>;
      expect(versions.map((v) => v.round).sort()).toEqual([0, 1, 2]);
    } finally {
      await children.stopAll(5_000);
      await pg.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
