import type { ModelWeights } from '@fl/fl-core';
import { JobStatus, RoundPhase, type JobConfig } from '@fl/protocol';
import type { JobRecord } from '../persistence/job-record';
import type { ModelVersionRecord } from '../persistence/model-versions.repository';
import { JobRunner } from './job-runner';
import { baseConfig, fixture, updateFor } from './testing/round-fixture';

const x0: ModelWeights = { layout: [{ name: 'synthetic/w', shape: [2] }], data: Float32Array.of(0, 0) };

function makeJob(config: JobConfig): JobRecord {
  return { id: 'job-1', config, status: JobStatus.Running, statusReason: null, createdAt: new Date(0), rounds: [], currentRound: 0, completedRounds: 0, modelHash: 'model-0', modelVersionId: 'v0', parameterCount: 2, strategyState: null };
}

function setup(config: JobConfig, connected: string[], commitGate?: Promise<void>) {
  const f = fixture(connected);
  const job = makeJob(config);
  const versions: ModelVersionRecord[] = [];
  const central: number[] = [];
  let ids = 0;
  const weightsOf = (hash: string) => (hash === 'model-0' ? x0 : f.models.saved[Number(hash.split('-')[1]) - 1]);
  const runner = new JobRunner(job, {
    ...f.deps,
    taskAckTimeoutMs: 1000,
    loadModel: async (hash) => ({ weights: weightsOf(hash), ref: { hash, bytes: 0, chunkBytes: 1 << 20, chunks: 1, layout: x0.layout, topology: null } }),
    save: async () => undefined,
    commitRound: async (_job, v) => {
      await commitGate;
      versions.push(v);
    },
    newVersionId: () => `v${++ids}`,
    changed: () => undefined,
    evaluateCentrally: (_job, v) => central.push(v.round),
  });
  let done = false;
  void runner.run().then(() => (done = true));
  return { ...f, job, runner, done: () => done, weightsOf, versions, central };
}

describe(JobRunner.name, () => {
  it('shows a round\'s progress on the live job only once its commit is durable', async () => {
    // Prepare: the commit of round 1 hangs until released
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const t = setup(baseConfig({ rounds: 1, clientsPerRound: 2, minClients: 2 }), ['a', 'b'], gate);
    await t.clock.advance(0);
    for (const id of ['a', 'b']) {
      const u = updateFor(t.link.taskOf(id), x0, 1, 1);
      t.runner.active!.receiveChunk(id, u.chunk);
      t.runner.active!.receiveCommit(id, u.commit);
    }
    await t.clock.advance(0);
    // Assert: aggregated, commit pending: the job still shows round 0's model
    expect([t.job.completedRounds, t.job.modelHash, t.job.modelVersionId, t.job.strategyState]).toEqual([0, 'model-0', 'v0', null]);
    // Execute: the commit lands
    release();
    await t.clock.advance(0);
    // Assert
    expect([t.job.completedRounds, t.job.modelHash, t.job.modelVersionId]).toEqual([1, 'model-1', 'v1']);
    expect(t.job.status).toBe(JobStatus.Completed);
  });

  it('runs the rounds in sequence, each from the previous global model, then completes', async () => {
    // Prepare
    const t = setup(baseConfig({ rounds: 2, clientsPerRound: 2, minClients: 2 }), ['a', 'b']);
    // Execute: both clients add 1 in each round
    for (let round = 1; round <= 2; round++) {
      await t.clock.advance(0);
      for (const id of ['a', 'b']) {
        const task = t.link.taskOf(id);
        expect(task.round).toBe(round);
        const u = updateFor(task, t.weightsOf(t.job.modelHash), 1, 1);
        t.runner.active!.receiveChunk(id, u.chunk);
        t.runner.active!.receiveCommit(id, u.commit);
      }
      await t.clock.advance(0);
    }
    // Assert
    expect(t.done()).toBe(true);
    expect(t.job.status).toBe(JobStatus.Completed);
    expect(t.job.completedRounds).toBe(2);
    expect(Array.from(t.weightsOf(t.job.modelHash).data)).toEqual([2, 2]);
    expect(t.job.strategyState).not.toBeNull();
    // Each successful round committed one registry version, chained to its parent.
    expect(t.versions.map((v) => [v.id, v.round, v.parentId, v.hash, [...v.participants].sort()])).toEqual([
      ['v1', 1, 'v0', 'model-1', ['a', 'b']],
      ['v2', 2, 'v1', 'model-2', ['a', 'b']],
    ]);
    expect(t.job.modelVersionId).toBe('v2');
  });

  it('retries a failed round with a new cohort (attempt + 1), and completes when the retry succeeds', async () => {
    // Prepare: 4 clients, cohort of 2; 'a' always declines
    const t = setup(baseConfig({ clientsPerRound: 2, minClients: 2, maxRoundRetries: 5, seed: 2 }), ['a', 'b', 'c', 'd']);
    t.link.answer = (id) => (id === 'a' ? { accepted: false, reason: 'no' } : { accepted: true });
    // Execute: every attempt, the accepted members deliver
    for (let i = 0; i < 6 && !t.done(); i++) {
      await t.clock.advance(0);
      const view = t.job.rounds[t.job.rounds.length - 1];
      for (const id of view.cohort.filter((c) => c !== 'a')) {
        if (view.phase !== RoundPhase.Training) break;
        const u = updateFor(t.link.taskOf(id), x0, 1, 1);
        t.runner.active!.receiveChunk(id, u.chunk);
        t.runner.active!.receiveCommit(id, u.commit);
      }
      await t.clock.advance(0);
    }
    // Assert
    expect(t.job.status).toBe(JobStatus.Completed);
    const attempts = t.job.rounds;
    expect(attempts.length).toBeGreaterThan(1);
    expect(attempts.map((r) => r.attempt)).toEqual(attempts.map((_, i) => i + 1));
    expect(attempts.slice(0, -1).every((r) => r.phase === RoundPhase.Failed && r.cohort.includes('a'))).toBe(true);
    expect(attempts[attempts.length - 1].phase).toBe(RoundPhase.Done);
    expect(attempts[attempts.length - 1].cohort).not.toContain('a');
    expect([...attempts[1].cohort].sort()).not.toEqual([...attempts[0].cohort].sort());
  });

  it('fails the job with the reason once the retries are exhausted, keeping the global model', async () => {
    // Prepare: only one client, minClients 2, 2 retries
    const t = setup(baseConfig({ rounds: 3, clientsPerRound: 2, minClients: 2, maxRoundRetries: 2, waitForClientsSeconds: 5 }), ['a']);
    // Execute
    for (let i = 0; i < 3; i++) await t.clock.advance(5000);
    // Assert
    expect(t.done()).toBe(true);
    expect(t.job.status).toBe(JobStatus.Failed);
    expect(t.job.statusReason).toMatch(/^round 1 failed 3 time\(s\); last reason: only 1 eligible client\(s\)/);
    expect(t.job.rounds.map((r) => [r.round, r.attempt, r.phase])).toEqual([
      [1, 1, RoundPhase.Failed],
      [1, 2, RoundPhase.Failed],
      [1, 3, RoundPhase.Failed],
    ]);
    expect(t.job.modelHash).toBe('model-0');
    expect(t.job.completedRounds).toBe(0);
    expect(t.clock.pending).toBe(0);
  });

  it('stops during a round: the round fails and the job ends stopped with the reason', async () => {
    const t = setup(baseConfig({ clientsPerRound: 2 }), ['a', 'b']);
    await t.clock.advance(0);
    t.runner.stop('stopped by request');
    await t.clock.advance(0);
    expect(t.done()).toBe(true);
    expect(t.job.status).toBe(JobStatus.Stopped);
    expect(t.job.statusReason).toBe('stopped by request');
    expect(t.job.rounds[0].phase).toBe(RoundPhase.Failed);
  });

  it('starts a centralized evaluation after each committed round on the cadence, only with evalData', async () => {
    for (const [evalData, expected] of [['mnist?tail=10', [2, 3]], [null, []]] as const) {
      // Prepare: 3 rounds, evaluated every 2 and after the last
      const t = setup(baseConfig({ rounds: 3, clientsPerRound: 2, minClients: 2, evaluateEvery: 2, evalData }), ['a', 'b']);
      // Execute
      for (let round = 1; round <= 3; round++) {
        await t.clock.advance(0);
        for (const id of ['a', 'b']) {
          const u = updateFor(t.link.taskOf(id), t.weightsOf(t.job.modelHash), 1, 1);
          t.runner.active!.receiveChunk(id, u.chunk);
          t.runner.active!.receiveCommit(id, u.commit);
        }
        await t.clock.advance(0);
      }
      // Assert
      expect(t.job.status).toBe(JobStatus.Completed);
      expect(t.central).toEqual(expected);
      expect(t.versions.map((v) => [v.round, v.federatedEval, v.centralizedEval])).toEqual([[1, null, null], [2, null, null], [3, null, null]]);
    }
  });
});
