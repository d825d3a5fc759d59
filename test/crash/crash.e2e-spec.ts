/**
 * Crash safety: a real coordinator process is SIGKILLed in every phase of a
 * secure round (waiting, configuring, training, each SecAgg+ stage,
 * aggregating, evaluating) and restarted on the same data, on both storage
 * engines, with one set of real `fl-client --echo` processes that reconnect
 * by themselves. The job must finish on its own with no model version lost,
 * no round committed twice, and every interrupted attempt closed with the
 * restart reason (not counted against maxRoundRetries).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobStatus } from '@fl/protocol';
import { RdpAccountant } from '@fl/privacy';
import { ddgEvent } from '../../apps/coordinator/src/privacy/ddg-params';
import { KILL_POINTS, runCrashJob } from '../../apps/tools/src/chaos/crash-run';
import { openDatabase } from '../../apps/coordinator/src/persistence/sql/engine';
import { BlobStore } from '../../apps/coordinator/src/persistence/blob-store';
import { scratchPostgres } from '../../apps/coordinator/src/persistence/sql/testing/test-database';

jest.setTimeout(240_000);

describe('plain job with a fixed seed (embedded)', () => {
  it('gives the byte-identical final model with or without coordinator kills', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'fl-crash-plain-'));
    const base = { engine: 'embedded' as const, logDir: dir, clients: 3, rounds: 3, seed: 11, params: 300, secure: false };
    try {
      // Execute
      const calm = await runCrashJob({ ...base, dataDir: join(dir, 'calm'), kills: [] });
      const killed = await runCrashJob({ ...base, dataDir: join(dir, 'killed'), kills: [{ point: 'training', round: 1 }, { point: 'aggregating', round: 2 }] });
      // Assert
      expect([calm.final.status, killed.final.status]).toEqual([JobStatus.Completed, JobStatus.Completed]);
      expect(killed.kills).toBe(2);
      expect(killed.final.modelHash).toBe(calm.final.modelHash);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('secure DP job killed mid-job (embedded)', () => {
  it('continues ε and the adaptive clip norm C from the ledger: ε never decreasing and the accountant\'s for the rounds released, each round starting from the last committed C (real fl-client processes add the noise and the unclipped bit)', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'fl-crash-dp-'));
    const privacy = { epsilon: 50, delta: 1e-3, clip: 1, samplingRate: 1, adaptiveClipping: {} };
    try {
      // Execute
      const r = await runCrashJob({ engine: 'embedded', dataDir: join(dir, 'data'), logDir: dir, clients: 3, rounds: 4, seed: 3, params: 300, privacy, kills: [{ point: 'training', round: 2 }, { point: 'aggregating', round: 3 }] });
      // Assert
      expect(r.final.status).toBe(JobStatus.Completed);
      expect(r.kills).toBe(2);
      expect(r.lostVersions).toBe(0);
      expect(r.epsilonSeen.length).toBeGreaterThan(2);
      for (let i = 1; i < r.epsilonSeen.length; i++) expect(r.epsilonSeen[i]).toBeGreaterThanOrEqual(r.epsilonSeen[i - 1]);
      expect(r.final.privacy).toMatchObject({ steps: 4 });
      const acc = new RdpAccountant();
      for (const v of r.final.rounds.filter((x) => x.phase === 'done')) acc.compose(ddgEvent(r.final.config.privacy!, v.privacy!.contributors));
      expect(r.final.config.privacy!.mode).toBe('distributed-ddg');
      expect(r.final.privacy!.epsilonSpent).toBeCloseTo(acc.epsilon(1e-3).epsilon, 10);
      expect(r.final.privacy!.epsilonSpent).toBeLessThanOrEqual(50);
      // Adaptive clipping: C moved once per released round, and the rounds re-run after each kill started from the committed C.
      const done = r.final.rounds.filter((x) => x.phase === 'done');
      expect(r.final.config.privacy!.ddg!.countAmplitude).toBeGreaterThanOrEqual(1);
      expect(done[0].privacy!.clip).toBe(1);
      for (let i = 1; i < done.length; i++) expect(done[i].privacy!.clip).toBe(done[i - 1].privacy!.nextClip);
      for (const v of done) expect(v.privacy!.nextClip).toBeCloseTo(v.privacy!.clip! * Math.exp(-0.2 * (v.privacy!.unclippedFraction! - 0.5)), 12);
      expect(r.final.privacy!.clip).toBe(done[done.length - 1].privacy!.nextClip);
      expect(r.final.privacy!.clip).not.toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('FedAdam job with a fixed seed (postgres)', () => {
  it('restores the server optimizer moments after a kill: byte-identical final model', async () => {
    // Prepare: kills after round 1 and inside round 3, so rounds 2–3 start from persisted moments m, v
    const dir = mkdtempSync(join(tmpdir(), 'fl-crash-adam-'));
    const pg = await scratchPostgres('fl_crash_adam');
    const base = { engine: 'postgres' as const, databaseUrl: pg.url, logDir: dir, clients: 3, rounds: 3, seed: 5, params: 300, secure: false, strategy: { name: 'fedadam' as const } };
    try {
      // Execute
      const calm = await runCrashJob({ ...base, engine: 'embedded', databaseUrl: undefined, dataDir: join(dir, 'calm'), kills: [] });
      const killed = await runCrashJob({ ...base, dataDir: join(dir, 'killed'), kills: [{ point: 'configuring', round: 2 }, { point: 'aggregating', round: 3 }] });
      // Assert
      expect([calm.final.status, killed.final.status]).toEqual([JobStatus.Completed, JobStatus.Completed]);
      expect(killed.kills).toBe(2);
      expect(killed.final.modelHash).toBe(calm.final.modelHash);
    } finally {
      await pg.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(['embedded', 'postgres'] as const)('coordinator killed in every phase (%s)', (engine) => {
  it('resumes the job by itself each time; nothing lost, nothing counted twice', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), `fl-crash-${engine}-`));
    const pg = engine === 'postgres' ? await scratchPostgres('fl_crash') : null;
    try {
      // Execute: kill point i fires in round i; the restarted coordinator re-runs round i, then round i+1 hits the next point.
      const r = await runCrashJob({
        engine,
        databaseUrl: pg?.url,
        dataDir: join(dir, 'data'),
        logDir: dir,
        clients: 3,
        rounds: KILL_POINTS.length + 1,
        seed: 7,
        params: 300,
        kills: KILL_POINTS.map((point, i) => ({ point, round: i + 1 })),
      });

      // Assert: the job finished by itself
      expect(r.final.status).toBe(JobStatus.Completed);
      expect(r.kills).toBe(KILL_POINTS.length);
      expect(r.completedRounds).toBe(KILL_POINTS.length + 1);
      expect(r.lostVersions).toBe(0);
      expect(r.doubleCounted).toBe(0);
      expect(r.otherFailures).toEqual([]);
      expect(r.restartReasons).toHaveLength(KILL_POINTS.length);
      KILL_POINTS.forEach((p, i) => expect(r.restartReasons[i]).toContain(p));

      // Assert: the stored lineage holds every round exactly once, each child of the previous, each blob intact
      const db = await openDatabase({ engine, dataDir: join(dir, 'data'), databaseUrl: pg?.url });
      try {
        const versions = await db.selectFrom('model_versions').selectAll().where('job_id', '=', r.final.id).orderBy('seq').execute();
        expect(versions.map((v) => v.round)).toEqual(Array.from({ length: KILL_POINTS.length + 2 }, (_, i) => i));
        versions.slice(1).forEach((v, i) => expect(v.parent_id).toBe(versions[i].id));
        expect(versions[versions.length - 1].id).toBe(r.final.modelVersionId);
        const blobs = new BlobStore(join(dir, 'data'));
        for (const v of versions) expect((await blobs.get(v.hash)).byteLength).toBeGreaterThan(0);
      } finally {
        await db.destroy();
      }
    } finally {
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
