/**
 * The storage contract, held against every implementation: the in-memory
 * repositories (`--db memory`) and the SQL ones on PGlite and PostgreSQL.
 * Engine-specific behaviour (migrations, caching, blob integrity) is in
 * sql/sql-repositories.spec.ts.
 */
import { JobStatus, RoundPhase, type JobConfig } from '@fl/protocol';
import { serializeWeights } from '@fl/fl-core';
import { modelHash } from '@fl/fl-core/node';
import { newRoundView } from '../rounds/round-view';
import { charge, currentClip, newLedger, spentOf } from '../privacy/privacy-ledger';
import { BlobStore } from './blob-store';
import type { ClientsRepository } from './clients.repository';
import { InMemoryClientsRepository } from './in-memory-clients.repository';
import { InMemoryJobsRepository } from './in-memory-jobs.repository';
import { InMemoryModelStore } from './in-memory-model.store';
import { InMemoryModelVersionsRepository } from './in-memory-model-versions.repository';
import type { JobRecord } from './job-record';
import type { JobsRepository } from './jobs.repository';
import type { ModelStore } from './model-store';
import type { ModelVersionRecord, ModelVersionsRepository, StoredFederatedEval } from './model-versions.repository';
import { SqlClientsRepository } from './sql/sql-clients.repository';
import { SqlJobsRepository } from './sql/sql-jobs.repository';
import { SqlModelStore } from './sql/sql-model.store';
import { SqlModelVersionsRepository } from './sql/sql-model-versions.repository';
import { openTestDatabase, type TestDatabase } from './sql/testing/test-database';

interface Repos {
  jobs: JobsRepository;
  versions: ModelVersionsRepository;
  clients: ClientsRepository;
  models: ModelStore;
}

/** One engine: its repositories, and how to drop it. */
async function open(engine: 'memory' | 'embedded' | 'postgres'): Promise<{ repos: Repos; close(): Promise<void> }> {
  if (engine === 'memory') {
    const versions = new InMemoryModelVersionsRepository();
    return { repos: { jobs: new InMemoryJobsRepository(versions), versions, clients: new InMemoryClientsRepository(), models: new InMemoryModelStore() }, close: async () => undefined };
  }
  const t: TestDatabase = await openTestDatabase(engine);
  const versions = new SqlModelVersionsRepository(t.db);
  return {
    repos: { jobs: new SqlJobsRepository(t.db), versions, clients: new SqlClientsRepository(t.db), models: new SqlModelStore(t.db, new BlobStore(t.dataDir)) },
    close: () => t.drop(),
  };
}

const version = (over: Partial<ModelVersionRecord> = {}): ModelVersionRecord => ({
  id: 'v0', hash: 'a'.repeat(64), jobId: 'job-1', round: 0, parentId: null, participants: [], metrics: null,
  secureAggregation: false, privacy: null, createdAt: new Date('2026-01-01T00:00:00Z'), name: null, ...over,
});

const job = (id = 'job-1'): JobRecord => ({
  id, config: { dataset: 'synthetic', rounds: 3 } as unknown as JobConfig, status: JobStatus.Running, statusReason: null,
  createdAt: new Date('2026-01-01T00:00:00Z'), rounds: [], currentRound: 0, completedRounds: 0, modelHash: 'a'.repeat(64),
  modelVersionId: 'v0', parameterCount: 4, strategyState: null,
});

describe.each(['memory', 'embedded', 'postgres'] as const)('storage contract (%s)', (engine) => {
  let r: Repos;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ repos: r, close } = await open(engine));
  }, 60_000);
  afterAll(async () => close && (await close()));

  it('keeps a job with its attempts; a committed round brings its version and progress, as the round engine applies it', async () => {
    // Prepare
    await r.versions.add(version());
    const live = job();
    await r.jobs.save(live);
    live.currentRound = 1;
    live.rounds.push(newRoundView(1, 1, Date.parse('2026-01-01T00:00:01Z')));
    await r.jobs.save(live);
    live.rounds[0].phase = RoundPhase.Training;
    await r.jobs.saveRound(live, 0);
    // Execute: commit a snapshot, then apply it to the live record (job-runner)
    live.rounds[0].phase = RoundPhase.Done;
    const progress = { modelHash: 'b'.repeat(64), modelVersionId: 'v1', completedRounds: 1, strategyState: { step: 1, tensors: { m: Float32Array.from([0.5, -1.25]) } } };
    await r.jobs.commitRound({ ...live, ...progress }, version({ id: 'v1', hash: 'b'.repeat(64), round: 1, parentId: 'v0', participants: ['c1'] }));
    Object.assign(live, progress);
    // Assert
    const got = await r.jobs.get('job-1');
    expect(got).toEqual(live);
    expect((await r.jobs.list()).map((j) => j.id)).toEqual(['job-1']);
    expect((await r.versions.list({ jobId: 'job-1' })).map((v) => [v.id, v.round, v.parentId])).toEqual([['v0', 0, null], ['v1', 1, 'v0']]);
    expect((await r.versions.latest('job-1'))?.id).toBe('v1');
  });

  it('commits a DP job\'s ledger with the version released under it', async () => {
    // Prepare
    const config = { mode: 'trusted-server', epsilon: 5, delta: 1e-6, noiseMultiplier: 1.1, clip: 1, samplingRate: 0.5, calibrated: false, orders: 'dp-accounting' } as const;
    const live: JobRecord = { ...job('dp-1'), privacy: newLedger(config) };
    await r.versions.add(version({ id: 'dp1-v0', jobId: 'dp-1' }));
    await r.jobs.save(live);
    // Execute
    const privacy = charge(live.privacy!);
    await r.jobs.commitRound({ ...live, completedRounds: 1, modelVersionId: 'dp1-v1', privacy }, version({ id: 'dp1-v1', jobId: 'dp-1', round: 1, privacy: spentOf(privacy, currentClip(privacy)) }));
    Object.assign(live, { completedRounds: 1, modelVersionId: 'dp1-v1', privacy });
    // Assert
    expect((await r.jobs.get('dp-1'))!.privacy).toEqual(privacy);
    expect((await r.versions.get('dp1-v1'))!.privacy).toEqual({ epsilon: privacy.epsilonSpent, delta: 1e-6, steps: 1, mode: 'trusted-server', noiseMultiplier: 1.1, clip: 1 }); // clip: the round's C (the fixed S here)
    await r.jobs.delete('dp-1');
  });

  it('refuses a second version for the same round of a job, and keeps the job as it was', async () => {
    const before = structuredClone(await r.jobs.get('job-1'));
    await expect(r.jobs.commitRound({ ...before!, completedRounds: 99 }, version({ id: 'v1-again', round: 1 }))).rejects.toThrow();
    expect((await r.jobs.get('job-1'))?.completedRounds).toBe(1);
    expect(await r.versions.get('v1-again')).toBeUndefined();
  });

  it('keeps one serving version and clears the pointer when that version is deleted', async () => {
    await r.versions.add(version({ id: 'other', jobId: null, round: 0 }));
    await r.versions.setServing('other');
    expect(await r.versions.servingId()).toBe('other');
    await r.versions.delete(['other']);
    expect(await r.versions.servingId()).toBeNull();
    expect(await r.versions.get('other')).toBeUndefined();
  });

  it('keeps a version\'s federated evaluation (means and client rows) and records its centralized one later', async () => {
    // Prepare
    const federatedEval: StoredFederatedEval = {
      summary: { clients: 2, numExamples: 30, loss: 0.5, accuracy: 0.75, metrics: { f1: 0.7 } },
      clients: [
        { clientId: 'c1', numExamples: 10, loss: 0.7, accuracy: 0.6, metrics: { f1: 0.7 } },
        { clientId: 'c2', numExamples: 20, loss: 0.4, accuracy: 0.825, metrics: {} },
      ],
    };
    const before = structuredClone(await r.jobs.get('job-1'))!;
    await r.jobs.commitRound({ ...before, completedRounds: 2, modelVersionId: 'v2' }, version({ id: 'v2', round: 2, parentId: 'v1', federatedEval }));
    expect((await r.versions.get('v2'))?.federatedEval).toEqual(federatedEval);
    expect((await r.versions.get('v2'))?.centralizedEval).toBeNull();
    expect((await r.versions.get('v1'))?.federatedEval).toBeNull();
    // Execute
    const done = { status: 'done' as const, dataset: 'mnist?tail=100', numExamples: 100, loss: 1.25, accuracy: 0.61, seconds: 0.5, evaluatedAt: '2026-01-01T00:00:05.000Z' };
    const setDone = await r.versions.setCentralizedEval('v2', done);
    const setMissing = await r.versions.setCentralizedEval('nope', done);
    // Assert
    expect([setDone, setMissing]).toEqual([true, false]);
    expect((await r.versions.get('v2'))?.centralizedEval).toEqual(done);
    expect((await r.versions.list({ jobId: 'job-1' })).map((v) => [v.id, v.federatedEval?.summary?.accuracy ?? null, v.centralizedEval?.status ?? null])).toEqual([['v0', null, null], ['v1', null, null], ['v2', 0.75, 'done']]);
    const failed = { status: 'failed' as const, dataset: 'mnist?tail=100', error: 'worker gone', evaluatedAt: '2026-01-01T00:00:06.000Z' };
    await r.versions.setCentralizedEval('v2', failed);
    expect((await r.versions.latest('job-1'))?.centralizedEval).toEqual(failed);
  });

  it('deletes a job (and nothing when it is absent)', async () => {
    await r.jobs.save(job('job-2'));
    await r.jobs.delete('job-2');
    await r.jobs.delete('never');
    expect(await r.jobs.get('job-2')).toBeUndefined();
    expect((await r.jobs.list()).map((j) => j.id)).toEqual(['job-1']);
  });

  it('upserts clients by id with the pinned key, status, example cap, enrollment token and versions', async () => {
    const c = { id: 'c1', name: 'site', dataset: 'mnist', numExamples: 7, backend: 'cpu' as const, clientVersion: '0.1.0', protocolVersion: 4, signingKey: Uint8Array.from([1, 2, 3]), status: 'active' as const, maxExamples: 100, enrollmentTokenId: 'et_1', registeredAt: new Date('2026-01-01T00:00:00Z'), lastSeenAt: new Date('2026-01-02T00:00:00Z') };
    await r.clients.save(c);
    await r.clients.save({ ...c, numExamples: 8, status: 'suspended' });
    expect(await r.clients.list()).toEqual([{ ...c, numExamples: 8, status: 'suspended' }]);
    await r.clients.save({ ...c, clientVersion: '0.2.0-rc.1+b7', protocolVersion: 5 });
    await r.clients.save({ ...c, id: 'c2', clientVersion: null, protocolVersion: null });
    const byId = new Map((await r.clients.list()).map((x) => [x.id, x]));
    expect(byId.get('c1')).toEqual({ ...c, clientVersion: '0.2.0-rc.1+b7', protocolVersion: 5 });
    expect(byId.get('c2')).toEqual({ ...c, id: 'c2', clientVersion: null, protocolVersion: null });
  });

  it('stores models by content hash, idempotently, and forgets them', async () => {
    const bytes = serializeWeights({ layout: [{ name: 'w', shape: [3] }], data: Float32Array.from([1, 2, 3]) });
    const m = { hash: modelHash(bytes), bytes, layout: [{ name: 'w', shape: [3] }], topology: { kind: 'x' }, parameterCount: 3 };
    await r.models.put(m);
    await r.models.put(m);
    const got = await r.models.get(m.hash);
    expect(Buffer.from(got!.bytes)).toEqual(Buffer.from(bytes));
    expect({ ...got, bytes: null }).toEqual({ ...m, bytes: null });
    expect(await r.models.has(m.hash)).toBe(true);
    await r.models.delete(m.hash);
    await r.models.delete(m.hash);
    expect(await r.models.has(m.hash)).toBe(false);
    expect(await r.models.get(m.hash)).toBeUndefined();
  });
});
