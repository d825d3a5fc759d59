import { rmSync, writeFileSync } from 'node:fs';
import { ErrorCode, JobStatus, RoundPhase, type JobConfig } from '@fl/protocol';
import { serializeWeights } from '@fl/fl-core';
import { modelHash } from '@fl/fl-core/node';
import { BlobStore } from '../blob-store';
import { toJobView, type JobRecord } from '../job-record';
import { quarantinedIds } from '../../jobs/quarantine';
import type { ModelVersionRecord } from '../model-versions.repository';
import { newRoundView } from '../../rounds/round-view';
import { charge, currentClip, newLedger, spentOf } from '../../privacy/privacy-ledger';
import { sql } from 'kysely';
import { migrate } from './engine';
import { MIGRATIONS } from './migrations';
import { SqlClientsRepository } from './sql-clients.repository';
import { SqlJobsRepository } from './sql-jobs.repository';
import { SqlModelStore } from './sql-model.store';
import { SqlModelVersionsRepository } from './sql-model-versions.repository';
import { openTestDatabase, type TestDatabase } from './testing/test-database';

const version = (over: Partial<ModelVersionRecord> = {}): ModelVersionRecord => ({
  id: 'v0', hash: 'a'.repeat(64), jobId: 'job-1', round: 0, parentId: null, participants: [], metrics: null,
  secureAggregation: false, privacy: null, createdAt: new Date('2026-01-01T00:00:00Z'), name: null, ...over,
});

const job = (): JobRecord => ({
  id: 'job-1', config: { dataset: 'synthetic', rounds: 3 } as unknown as JobConfig, status: JobStatus.Running, statusReason: null,
  createdAt: new Date('2026-01-01T00:00:00Z'), rounds: [], currentRound: 0, completedRounds: 0, modelHash: 'a'.repeat(64),
  modelVersionId: 'v0', parameterCount: 4, strategyState: null,
});

// The contract every repository keeps (in memory too) is in ../repositories.contract.spec.ts; this is what only SQL adds.
describe.each(['embedded', 'postgres'] as const)('SQL repositories (%s)', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(engine);
  }, 60_000);
  afterAll(async () => t && (await t.drop()));

  it('runs migrations idempotently: a second run applies none again and keeps the data', async () => {
    // Prepare: the database as booted (migrated once), with a row in it
    const clients = new SqlClientsRepository(t.db);
    const at = new Date('2026-01-01T00:00:00Z');
    await clients.save({ id: 'mig-1', name: 'm', dataset: 'd', numExamples: 1, backend: 'cpu', clientVersion: null, protocolVersion: null, signingKey: null, status: 'active', maxExamples: null, enrollmentTokenId: null, registeredAt: at, lastSeenAt: at });
    const applied = async () => (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(t.db)).rows.map((r) => r.name);
    // Execute
    await migrate(t.db);
    await migrate(t.db);
    // Assert: every migration recorded exactly once, and the row is still there
    expect(await applied()).toEqual(Object.keys(MIGRATIONS).sort());
    expect((await clients.list()).map((c) => c.id)).toContain('mig-1');
  });

  it('stores a job with its rounds and strategy state, and commits a round with its version atomically', async () => {
    // Prepare
    const versions = new SqlModelVersionsRepository(t.db);
    const jobs = new SqlJobsRepository(t.db);
    const j = job();
    await versions.add(version());
    await jobs.save(j);
    j.currentRound = 1;
    j.rounds.push(newRoundView(1, 1, Date.parse('2026-01-01T00:00:01Z')));
    await jobs.save(j);
    j.rounds[0].phase = RoundPhase.Training;
    j.rounds[0].cohort = ['c1', 'c2'];
    await jobs.saveRound(j, 0);
    // Execute
    j.rounds[0].phase = RoundPhase.Done;
    j.rounds[0].metrics = { trainLoss: 1.5, trainAccuracy: 0.5, evalLoss: null, evalAccuracy: null, examples: 10 };
    j.completedRounds = 1;
    j.modelHash = 'b'.repeat(64);
    j.modelVersionId = 'v1';
    j.strategyState = { step: 1, tensors: { m: Float32Array.from([0.5, -1.25, 3, 1e-7]) } };
    await jobs.commitRound(j, version({ id: 'v1', hash: 'b'.repeat(64), round: 1, parentId: 'v0', participants: ['c1', 'c2'] }));
    // Assert: a fresh repository (as after a restart) reads the same state.
    const again = await new SqlJobsRepository(t.db).get('job-1');
    expect(again).toEqual(j);
    expect(again!.strategyState!.tensors.m).toEqual(Float32Array.from([0.5, -1.25, 3, 1e-7]));
    expect((await versions.list({ jobId: 'job-1' })).map((v) => [v.id, v.round, v.parentId])).toEqual([['v0', 0, null], ['v1', 1, 'v0']]);
    expect((await versions.latest('job-1'))!.participants).toEqual(['c1', 'c2']);
  });

  it('keeps a job\'s quarantine across a restart: it is read back from the stored attempt that convicted the client', async () => {
    // Prepare: an attempt that convicted `bad` in secure aggregation, written at a phase change
    const jobs = new SqlJobsRepository(t.db);
    const j: JobRecord = { ...job(), id: 'job-q' };
    j.rounds.push({ ...newRoundView(1, 1, Date.parse('2026-01-01T00:00:01Z')), phase: RoundPhase.Failed, failures: [{ clientId: 'bad', code: ErrorCode.SecAggMisbehaved, reason: 'its signed share ciphertext for c2 does not open' }] });
    await jobs.save(j);
    await jobs.saveRound(j, 0);
    // Execute: a fresh repository, as after a coordinator restart
    const again = (await new SqlJobsRepository(t.db).get('job-q'))!;
    // Assert: the job's status and the cohort exclusion both still name it
    expect(toJobView(again).quarantined).toEqual([{ clientId: 'bad', round: 1, attempt: 1, reason: 'its signed share ciphertext for c2 does not open' }]);
    expect(quarantinedIds(again.rounds)).toEqual(new Set(['bad']));
  });

  it('commits a DP job\'s privacy ledger with its version, and a fresh repository (a restart) reads the same ε back', async () => {
    // Prepare
    const versions = new SqlModelVersionsRepository(t.db);
    const jobs = new SqlJobsRepository(t.db);
    const config = { mode: 'trusted-server', epsilon: 5, delta: 1e-6, noiseMultiplier: 1.1, clip: 1, samplingRate: 0.5, calibrated: false, orders: 'dp-accounting' } as const;
    const j: JobRecord = { ...job(), id: 'dp-job', privacy: newLedger(config) };
    await versions.add(version({ id: 'dp-v0', jobId: 'dp-job' }));
    await jobs.save(j);
    // Execute: two released rounds
    for (const round of [1, 2]) {
      const privacy = charge(j.privacy!);
      await jobs.commitRound({ ...j, completedRounds: round, modelVersionId: `dp-v${round}`, privacy }, version({ id: `dp-v${round}`, jobId: 'dp-job', round, privacy: spentOf(privacy, currentClip(privacy)) }));
      Object.assign(j, { completedRounds: round, modelVersionId: `dp-v${round}`, privacy });
    }
    // Assert
    const again = await new SqlJobsRepository(t.db).get('dp-job');
    expect(again!.privacy).toEqual(j.privacy);
    expect(again!.privacy!.steps).toBe(2);
    const spent = (await versions.list({ jobId: 'dp-job' })).map((v) => v.privacy?.epsilon ?? 0);
    expect(spent[1]).toBeGreaterThan(0);
    expect(spent[2]).toBeGreaterThan(spent[1]);
    expect(spent[2]).toBe(again!.privacy!.epsilonSpent);
  });

  it('answers the serving pointer and version records from memory after the first read, and forgets deleted ones', async () => {
    // Prepare: a version written, then read through a fresh repository
    const versions = new SqlModelVersionsRepository(t.db);
    await versions.add(version({ id: 'cached', round: 5 }));
    await versions.setServing('cached');
    const reader = new SqlModelVersionsRepository(t.db);
    expect((await reader.get('cached'))?.round).toBe(5);
    expect(await reader.servingId()).toBe('cached');
    // Execute: the rows change behind its back (only this coordinator writes, so this never happens in use)
    await t.db.updateTable('model_versions').set({ round: 6 }).where('id', '=', 'cached').execute();
    await t.db.updateTable('registry_state').set({ serving_id: null }).execute();
    // Assert: served from memory; its own delete evicts both
    expect((await reader.get('cached'))?.round).toBe(5);
    expect(await reader.servingId()).toBe('cached');
    await reader.delete(['cached']);
    expect(await reader.get('cached')).toBeUndefined();
    expect(await reader.servingId()).toBeNull();
  });

  it('stores models as content-addressed blobs and detects a corrupt blob on read', async () => {
    // Prepare
    const blobs = new BlobStore(t.dataDir);
    const bytes = serializeWeights({ layout: [{ name: 'w', shape: [3] }], data: Float32Array.from([1, 2, 3]) });
    const hash = modelHash(bytes);
    await new SqlModelStore(t.db, blobs).put({ hash, bytes, layout: [{ name: 'w', shape: [3] }], topology: { kind: 'x' }, parameterCount: 3 });
    // Execute / Assert: a fresh store (empty cache) reads and verifies it
    const fresh = new SqlModelStore(t.db, blobs);
    const m = await fresh.get(hash);
    expect(Buffer.from(m!.bytes)).toEqual(Buffer.from(bytes));
    expect(m!.topology).toEqual({ kind: 'x' });
    expect(await fresh.has(hash)).toBe(true);
    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length - 1] ^= 1;
    writeFileSync(blobs.pathOf(hash), flipped);
    await expect(new SqlModelStore(t.db, blobs).get(hash)).rejects.toMatchObject({ code: 'BLOB_CORRUPT', message: expect.stringContaining(`hashes to ${modelHash(flipped)}, not ${hash}`) });
  });

  it('describes models from their rows without reading a blob', async () => {
    // Prepare: two models; then one blob is lost from disk
    const blobs = new BlobStore(t.dataDir);
    const store = new SqlModelStore(t.db, blobs);
    const put = async (data: number[], topology: object | null) => {
      const layout = [{ name: 'w', shape: [data.length] }];
      const bytes = serializeWeights({ layout, data: Float32Array.from(data) });
      await store.put({ hash: modelHash(bytes), bytes, layout, topology, parameterCount: data.length });
      return modelHash(bytes);
    };
    const a = await put([1, 2], { kind: 'a' });
    const b = await put([1, 2, 3, 4], null);
    rmSync(blobs.pathOf(b));
    // Execute: a fresh store (nothing cached)
    const fresh = new SqlModelStore(t.db, blobs);
    const d = await fresh.describe([a, b, b, 'f'.repeat(64)]);
    // Assert: both described, the unknown hash left out, and the lost blob only shows when the bytes are read
    expect(d.get(a)).toEqual({ hash: a, layout: [{ name: 'w', shape: [2] }], topology: { kind: 'a' }, parameterCount: 2 });
    expect(d.get(b)).toEqual({ hash: b, layout: [{ name: 'w', shape: [4] }], topology: null, parameterCount: 4 });
    expect(d.size).toBe(2);
    expect(await fresh.describe([])).toEqual(new Map());
    await expect(fresh.get(b)).rejects.toBeDefined();
  });
});
