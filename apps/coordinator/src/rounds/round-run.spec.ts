import type { ModelWeights } from '@fl/fl-core';
import { ErrorCode, RoundPhase, type JobConfig } from '@fl/protocol';
import { RoundRun, type RoundOutcome } from './round-run';
import { DropCode } from './round-codes';
import { UPDATE_BOUND_DEFAULTS } from '../jobs/job-defaults';
import { baseConfig, fixture, roundSetup, updateFor } from './testing/round-fixture';

const global: ModelWeights = { layout: [{ name: 'synthetic/w', shape: [4] }], data: Float32Array.of(1, 2, 3, 4) };

function makeRun(config: JobConfig, connected: string[], attempt = 1, updateBound?: number) {
  const f = fixture(connected);
  const run = new RoundRun({ ...roundSetup(config, global, attempt), updateBound }, f.deps);
  let outcome: RoundOutcome | undefined;
  void run.run().then((o) => (outcome = o));
  return { ...f, run, outcome: () => outcome };
}

/** Delivers x_t + c with n examples for `clientId`. */
function deliver(t: ReturnType<typeof makeRun>, clientId: string, c: number, n: number) {
  const task = t.link.taskOf(clientId);
  const u = updateFor(task, global, c, n);
  t.run.receiveChunk(clientId, u.chunk);
  return t.run.receiveCommit(clientId, u.commit);
}

describe(RoundRun.name, () => {
  it('fails with a reason when too few clients connect before the wait deadline, and no timer is left', async () => {
    // Prepare
    const t = makeRun(baseConfig({ waitForClientsSeconds: 5 }), ['a']);
    // Execute
    await t.clock.advance(4999);
    expect(t.outcome()).toBeUndefined();
    expect(t.run.phase).toBe(RoundPhase.WaitingForClients);
    await t.clock.advance(1);
    // Assert
    expect(t.outcome()).toEqual({ ok: false, stopped: false, reason: expect.stringContaining('only 1 eligible client(s)') });
    expect(t.run.view.phase).toBe(RoundPhase.Failed);
    expect(t.run.view.failureReason).toContain('minClients is 2');
    expect(t.clock.pending).toBe(0);
  });

  it('starts as soon as clientsPerRound clients are eligible', async () => {
    const t = makeRun(baseConfig({ clientsPerRound: 2 }), ['a']);
    await t.clock.advance(100);
    expect(t.link.offers).toHaveLength(0);
    t.cohort.connected.push('b');
    t.run.clientsChanged();
    await t.clock.advance(0);
    expect(t.link.offers.map((o) => t.link.clientOf.get(o.taskId)).sort()).toEqual(['a', 'b']);
    expect(t.run.phase).toBe(RoundPhase.Training);
  });

  it('sends the client optimiser settings in every task, and none when they are off', async () => {
    const t = makeRun(baseConfig({ clientsPerRound: 2, momentum: 0.9, weightDecay: 1e-5 }), ['a', 'b']);
    await t.clock.advance(0);
    expect(t.link.taskOf('a').hyper).toEqual({ localEpochs: 1, batchSize: 8, learningRate: 0.1, proximalMu: 0, momentum: 0.9, weightDecay: 1e-5 });
    const plain = makeRun(baseConfig({ clientsPerRound: 2 }), ['a', 'b']);
    await plain.clock.advance(0);
    expect(plain.link.taskOf('a').hyper).toEqual({ localEpochs: 1, batchSize: 8, learningRate: 0.1, proximalMu: 0 });
  });

  it('notes a member\'s download of the global model in its timeline: downloading, then training after the last chunk', async () => {
    // Prepare
    const t = makeRun(baseConfig({ clientsPerRound: 2 }), ['a', 'b']);
    await t.clock.advance(0);
    const ref = t.link.taskOf('a').model;
    const states = (id: string) => t.run.view.members?.find((m) => m.clientId === id)?.steps.map((s) => s.state);
    // Execute
    t.run.modelFetched('a', ref.hash, 0);
    t.run.modelFetched('a', ref.hash, 0); // a repeat adds nothing
    t.run.modelFetched('b', 'f'.repeat(64), 0); // another model: not this round's download
    t.run.modelFetched('x', ref.hash, 0); // not a member
    t.run.modelFetched('a', ref.hash, ref.chunks - 1);
    // Assert
    expect(ref.chunks).toBe(1);
    expect(states('a')).toEqual(['offered', 'accepted', 'training', 'downloading', 'training']);
    expect(states('b')).toEqual(['offered', 'accepted', 'training']);
    expect(t.run.view.members?.map((m) => m.clientId).sort()).toEqual(['a', 'b']); // no member for 'x'
  });

  it('notes a download that overtakes the accept (bulk channel), and one during configuring moves on to training with the phase', async () => {
    // Prepare: 'a' accepts at once, 'b' answers later
    const t = makeRun(baseConfig({ clientsPerRound: 2, minClients: 2 }), ['a', 'b']);
    t.link.answer = (id) => (id === 'a' ? { accepted: true } : undefined);
    await t.clock.advance(0);
    const ref = t.link.taskOf('a').model;
    const states = (id: string) => t.run.view.members?.find((m) => m.clientId === id)?.steps.map((s) => s.state);
    // Execute
    t.run.modelFetched('a', ref.hash, 0);
    t.run.modelFetched('b', ref.hash, 0);
    t.link.reply(t.link.taskOf('b').taskId, { accepted: true });
    await t.clock.advance(0);
    // Assert
    expect(t.run.phase).toBe(RoundPhase.Training);
    expect(states('a')).toEqual(['offered', 'accepted', 'downloading', 'training']);
    expect(states('b')).toEqual(['offered', 'downloading', 'accepted', 'training']);
  });

  it('ends training at clientsPerRound updates and aggregates the example-weighted mean', async () => {
    // Prepare: target 2 of an over-selected cohort of 3
    const t = makeRun(baseConfig({ clientsPerRound: 2, overSelection: 0.5 }), ['a', 'b', 'c']);
    await t.clock.advance(0);
    expect(t.run.view.cohort).toHaveLength(3);
    // Execute
    deliver(t, 'a', 1, 1);
    deliver(t, 'b', 4, 3);
    await t.clock.advance(0);
    // Assert: the default bound clips at this round's median norm, (2 + 8) / 2 = 5, so b's Δ = 4 per coordinate
    // (norm 8) becomes 2.5; (1·1 + 3·2.5) / 4 = 2.125 added to every weight
    expect(t.outcome()).toEqual({ ok: true, modelHash: 'model-1', state: expect.anything(), federatedEval: null });
    expect(Array.from(t.models.saved[0].data)).toEqual([3.125, 4.125, 5.125, 6.125]);
    expect(t.link.cancels.map((c) => c.clientId)).toEqual(['c']);
    expect(t.run.view.failures).toEqual([{ clientId: 'c', code: DropCode.Cancelled, reason: expect.stringContaining('target of 2') }]);
    expect(t.run.view.participants).toEqual(['a', 'b']);
    expect(Object.keys(t.run.view.phaseSeconds)).toEqual(['waiting_for_clients', 'configuring', 'training', 'aggregating']);
    expect(t.run.view.metrics!.examples).toBe(4);
    expect(t.clock.pending).toBe(0);
  });

  it('folds an update carried in the commit (no chunk) and refuses a carried update of the wrong size', async () => {
    const t = makeRun(baseConfig({ clientsPerRound: 2, minClients: 1 }), ['a', 'b']);
    await t.clock.advance(0);
    const a = updateFor(t.link.taskOf('a'), global, 2, 1);
    expect(t.run.receiveCommit('a', { ...a.commit, data: a.chunk.data })).toEqual({ ok: true, accepted: true });
    const b = updateFor(t.link.taskOf('b'), global, 5, 1);
    expect(() => t.run.receiveCommit('b', { ...b.commit, data: b.chunk.data.subarray(4) })).toThrow(expect.objectContaining({ code: ErrorCode.BadPayload }));
    await t.clock.advance(0);
    expect(t.outcome()?.ok).toBe(true);
    expect(Array.from(t.models.saved[0].data)).toEqual([3, 4, 5, 6]);
    expect(t.run.view.participants).toEqual(['a']);
  });

  it('counts a client that delivers before the rest of the cohort has accepted as live', async () => {
    // Prepare: 'a' accepts at once, 'b' answers later
    const t = makeRun(baseConfig({ clientsPerRound: 2, minClients: 2 }), ['a', 'b']);
    t.link.answer = (id) => (id === 'a' ? { accepted: true } : undefined);
    await t.clock.advance(0);
    expect(t.run.phase).toBe(RoundPhase.Configuring);
    // Execute: 'a' delivers while the round is still configuring, then 'b' accepts and delivers
    deliver(t, 'a', 1, 1);
    t.link.reply(t.link.taskOf('b').taskId, { accepted: true });
    await t.clock.advance(0);
    expect(t.run.phase).toBe(RoundPhase.Training);
    deliver(t, 'b', 3, 1);
    await t.clock.advance(0);
    // Assert
    expect(t.outcome()?.ok).toBe(true);
    expect(t.run.view.participants).toEqual(['a', 'b']);
  });

  it('drops a straggler at the deadline and completes with >= minClients', async () => {
    // Prepare
    const t = makeRun(baseConfig({ clientsPerRound: 3, minClients: 2, roundDeadlineSeconds: 60 }), ['a', 'b', 'c']);
    await t.clock.advance(0);
    deliver(t, 'a', 1, 1);
    deliver(t, 'b', 2, 1);
    // Execute
    await t.clock.advance(59_000);
    expect(t.run.phase).toBe(RoundPhase.Training);
    await t.clock.advance(1_000);
    // Assert
    expect(t.outcome()?.ok).toBe(true);
    expect(t.run.view.failures).toEqual([{ clientId: 'c', code: ErrorCode.DeadlinePassed, reason: expect.stringContaining('deadline') }]);
    expect(t.link.cancels).toEqual([expect.objectContaining({ clientId: 'c', taskId: t.link.taskOf('c').taskId })]);
    // Norms 2 and 4: the default bound (their median, 3) clips b's Δ from 2 to 1.5 per coordinate; (1 + 1.5) / 2 = 1.25
    expect(Array.from(t.models.saved[0].data)).toEqual([2.25, 3.25, 4.25, 5.25]);
    expect(t.cohort.busy.size).toBe(0);

    // A late result is refused as stale, and counted
    const late = updateFor(t.link.taskOf('c'), global, 9, 1);
    expect(() => t.run.receiveChunk('c', late.chunk)).toThrow(expect.objectContaining({ code: ErrorCode.StaleRound }));
    expect(t.run.view.failures.map((f) => f.code)).toEqual([ErrorCode.DeadlinePassed, ErrorCode.StaleRound]);
  });

  it('a client whose training diverged withdraws (NON_FINITE): dropped with its code at once, the round closes without waiting for the deadline', async () => {
    const t = makeRun(baseConfig({ clientsPerRound: 3, minClients: 2, roundDeadlineSeconds: 60 }), ['a', 'b', 'c']);
    await t.clock.advance(0);
    deliver(t, 'a', 1, 1);
    deliver(t, 'b', 1, 1);
    const c = t.link.taskOf('c');
    expect(t.run.receiveWithdraw('c', { taskId: c.taskId, code: 'NON_FINITE', reason: 'training diverged: loss NaN in epoch 1' })).toEqual({ ok: true, withdrawn: true });
    await t.clock.advance(0);
    expect(t.outcome()?.ok).toBe(true);
    expect(t.run.view.failures).toEqual([{ clientId: 'c', code: 'NON_FINITE', reason: 'withdrew from the task: training diverged: loss NaN in epoch 1' }]);
    expect(t.run.view.participants.sort()).toEqual(['a', 'b']);
    // A code outside WITHDRAW_CODES (the socket's validator refuses it first) is recorded as DECLINED, never as the client's word.
    const u = makeRun(baseConfig({ clientsPerRound: 3, minClients: 2 }), ['a', 'b', 'c']);
    await u.clock.advance(0);
    u.run.receiveWithdraw('a', { taskId: u.link.taskOf('a').taskId, code: 'SECAGG_MISBEHAVED', reason: 'x' });
    expect(u.run.view.failures.map((f) => [f.clientId, f.code])).toEqual([['a', DropCode.Declined]]);
  });

  it('fails with a reason when fewer than minClients accept; non-ackers are dropped at the ack deadline', async () => {
    // Prepare: a declines, b never answers, c accepts; min 2
    const t = makeRun(baseConfig(), ['a', 'b', 'c']);
    t.link.answer = (id) => (id === 'a' ? { accepted: false, reason: 'busy' } : id === 'b' ? undefined : { accepted: true });
    // Execute
    await t.clock.advance(999);
    expect(t.run.phase).toBe(RoundPhase.Configuring);
    await t.clock.advance(1);
    // Assert
    expect(t.outcome()).toEqual({ ok: false, stopped: false, reason: 'only 1 of 3 cohort member(s) accepted the task; minClients is 2' });
    expect(t.run.view.failures.map((f) => [f.clientId, f.code])).toEqual([
      ['a', DropCode.Declined],
      ['b', ErrorCode.DeadlinePassed],
      ['c', DropCode.Cancelled],
    ]);
    expect(t.models.saved).toHaveLength(0);
    expect(t.cohort.busy.size).toBe(0);
    expect(t.clock.pending).toBe(0);
  });

  it('fails early when the pending members can no longer reach minClients', async () => {
    const t = makeRun(baseConfig({ minClients: 3 }), ['a', 'b', 'c']);
    await t.clock.advance(0);
    t.run.clientDropped('b');
    await t.clock.advance(0);
    expect(t.outcome()).toEqual({ ok: false, stopped: false, reason: expect.stringContaining('only 0 update(s) were accepted, minClients is 3 (1 DISCONNECTED') });
    expect(t.clock.pending).toBe(0);
  });

  it('refuses bad updates with their codes and leaves them out of the aggregate', async () => {
    // Prepare
    const t = makeRun(baseConfig({ clientsPerRound: 4, minClients: 2, overSelection: 0 }), ['a', 'b', 'c', 'd']);
    await t.clock.advance(0);
    const taskA = t.link.taskOf('a');
    // Execute + Assert
    const nan = updateFor(taskA, global, NaN, 1);
    t.run.receiveChunk('a', nan.chunk);
    expect(() => t.run.receiveCommit('a', nan.commit)).toThrow(expect.objectContaining({ code: ErrorCode.NonFinite, taskId: taskA.taskId }));
    const b = updateFor(t.link.taskOf('b'), global, 1, 1);
    expect(() => t.run.receiveChunk('c', b.chunk)).toThrow(expect.objectContaining({ code: ErrorCode.NotInCohort }));
    t.run.receiveChunk('b', b.chunk);
    expect(() => t.run.receiveCommit('b', { ...b.commit, round: 2 })).toThrow(expect.objectContaining({ code: ErrorCode.WrongRound }));
    const c = updateFor(t.link.taskOf('c'), global, 2, 1);
    expect(() => t.run.receiveChunk('c', { ...c.chunk, totalBytes: c.chunk.totalBytes + 4 })).toThrow(expect.objectContaining({ code: ErrorCode.Oversized }));
    deliver(t, 'd', 3, 2);
    expect(() => deliver(t, 'd', 3, 2)).toThrow(expect.objectContaining({ code: ErrorCode.Duplicate }));
    await t.clock.advance(0);
    // Only d is left: 1 < minClients 2
    expect(t.outcome()).toEqual({ ok: false, stopped: false, reason: expect.stringContaining('only 1 update(s)') });
    expect(t.run.view.failures.map((f) => [f.clientId, f.code])).toEqual([
      ['a', ErrorCode.NonFinite],
      ['c', ErrorCode.NotInCohort],
      ['b', ErrorCode.WrongRound],
      ['c', ErrorCode.Oversized],
      ['d', ErrorCode.Duplicate],
    ]);
  });

  it('stops at once, cancelling pending tasks', async () => {
    const t = makeRun(baseConfig(), ['a', 'b', 'c']);
    await t.clock.advance(0);
    t.run.stop('stopped by request');
    await t.clock.advance(0);
    expect(t.outcome()).toEqual({ ok: false, stopped: true, reason: 'stopped by request' });
    expect(t.link.cancels).toHaveLength(3);
    expect(t.clock.pending).toBe(0);
  });

  it('evaluates the new model with example-weighted metrics, and an evaluation failure does not fail the round', async () => {
    // Prepare
    const t = makeRun(baseConfig({ clientsPerRound: 2, evaluate: true, roundDeadlineSeconds: 10 }), ['a', 'b', 'c']);
    await t.clock.advance(0);
    const [x, y] = t.run.view.cohort;
    deliver(t, x, 1, 1);
    deliver(t, y, 1, 1);
    await t.clock.advance(0);
    expect(t.run.phase).toBe(RoundPhase.Evaluating);
    const evals = t.link.offers.filter((o) => o.kind === 'evaluate');
    expect(evals).toHaveLength(2);
    expect(evals[0].model.hash).toBe('model-1');
    // Execute: one result, one silent evaluator
    const e = evals[0];
    const who = t.link.clientOf.get(e.taskId)!;
    t.run.receiveEval(who, { taskId: e.taskId, jobId: e.jobId, round: 1, attempt: 1, numExamples: 3, loss: 0.25, accuracy: 0.75, metrics: { f1: 0.5 } });
    await t.clock.advance(10_000);
    // Assert
    expect(t.outcome()?.ok).toBe(true);
    expect(t.run.view.metrics).toMatchObject({ evalLoss: 0.25, evalAccuracy: 0.75, examples: 2 });
    expect(t.run.view.failures).toEqual([expect.objectContaining({ code: ErrorCode.DeadlinePassed, reason: expect.stringContaining('evaluation') })]);
    const summary = { clients: 1, numExamples: 3, loss: 0.25, accuracy: 0.75, metrics: { f1: 0.5 } };
    expect(t.run.view.evaluation).toEqual({ federated: summary, centralized: null });
    expect(t.outcome()).toMatchObject({ federatedEval: { summary, clients: [{ clientId: who, numExamples: 3, loss: 0.25, accuracy: 0.75, metrics: { f1: 0.5 } }] } });
    expect(t.clock.pending).toBe(0);
  });

  it('evaluates only on the cadence: round 1 of 3 with evaluateEvery 2 is not evaluated', async () => {
    // Prepare
    const t = makeRun(baseConfig({ clientsPerRound: 2, evaluate: true, rounds: 3, evaluateEvery: 2 }), ['a', 'b']);
    await t.clock.advance(0);
    // Execute
    deliver(t, 'a', 1, 1);
    deliver(t, 'b', 1, 1);
    await t.clock.advance(0);
    // Assert
    expect(t.outcome()).toMatchObject({ ok: true, federatedEval: null });
    expect(t.link.offers.filter((o) => o.kind === 'evaluate')).toEqual([]);
    expect(t.run.view.evaluation).toBeUndefined();
    expect(t.run.view.metrics).toMatchObject({ evalLoss: null, evalAccuracy: null });
  });

  it('refuses an evaluation result for another round and keeps it out of the figures', async () => {
    // Prepare
    const t = makeRun(baseConfig({ clientsPerRound: 2, evaluate: true, roundDeadlineSeconds: 10 }), ['a', 'b']);
    await t.clock.advance(0);
    deliver(t, 'a', 1, 1);
    deliver(t, 'b', 1, 1);
    await t.clock.advance(0);
    const e = t.link.offers.find((o) => o.kind === 'evaluate')!;
    const who = t.link.clientOf.get(e.taskId)!;
    // Execute
    expect(() => t.run.receiveEval(who, { taskId: e.taskId, jobId: e.jobId, round: 2, attempt: 1, numExamples: 3, loss: 0.25, accuracy: 0.75 })).toThrow();
    await t.clock.advance(10_000);
    // Assert
    expect(t.outcome()).toMatchObject({ ok: true, federatedEval: { summary: null, clients: [] } });
    expect(t.run.view.evaluation).toEqual({ federated: null, centralized: null });
  });

  describe('update bound (plain training)', () => {
    const bound = (o: Partial<NonNullable<JobConfig['updateBound']>>) => ({ ...UPDATE_BOUND_DEFAULTS, ...o });
    /** a, b, c honest (Δ = 1, 2, 3 per coordinate: norms 2, 4, 6), d the outlier (Δ = 100: norm 200), one example each. */
    async function fourUpdates(config: JobConfig, updateBound?: number) {
      const t = makeRun(config, ['a', 'b', 'c', 'd'], 1, updateBound);
      await t.clock.advance(0);
      for (const [id, c] of [['a', 1], ['b', 2], ['c', 3], ['d', 100]] as const) deliver(t, id, c, 1);
      await t.clock.advance(0);
      return t;
    }

    it('the first round (no stored bound) clips every update at the median norm of the round\'s own updates', async () => {
      // A stored bound (here a generous 1000) does not matter to `median`: each round takes its own.
      const t = await fourUpdates(baseConfig({ clientsPerRound: 4 }), 1000);
      // Median of (2, 4, 6, 200) = 5: c's Δ 3 → 2.5, d's Δ 100 → 2.5; mean Δ = (1 + 2 + 2.5 + 2.5) / 4 = 2.
      expect(t.outcome()?.ok).toBe(true);
      expect(Array.from(t.models.saved[0].data)).toEqual([3, 4, 5, 6]);
      expect(t.run.view.updateBound).toEqual({ action: 'clip', rule: 'median', bound: 5, measured: 4, clipped: 2, refused: 0, maxNorm: 200, medianNorm: 5, nextBound: 5 });
      expect(t.run.view.participants).toEqual(['a', 'b', 'c', 'd']);
    });

    it('median + refuse: updates above the round\'s bound leave the aggregate with UPDATE_TOO_LARGE', async () => {
      const t = await fourUpdates(baseConfig({ clientsPerRound: 4, updateBound: bound({ action: 'refuse', multiple: 1.5 }) }));
      // Bound 1.5 × 5 = 7.5: d (200) is refused; mean Δ over a, b, c = 2.
      expect(t.outcome()?.ok).toBe(true);
      expect(Array.from(t.models.saved[0].data)).toEqual([3, 4, 5, 6]);
      expect(t.run.view.updateBound).toMatchObject({ bound: 7.5, refused: 1, clipped: 0 });
      expect(t.run.view.participants).toEqual(['a', 'b', 'c']);
      expect(t.run.view.failures).toEqual([{ clientId: 'd', code: ErrorCode.UpdateTooLarge, reason: expect.stringContaining('exceeds the round') }]);
    });

    it('quantile: a later round (or a restarted job) applies the stored bound as updates arrive', async () => {
      const t = await fourUpdates(baseConfig({ clientsPerRound: 4, updateBound: bound({ rule: 'quantile' }) }), 4);
      // Bound 4: c (6) and d (200) are scaled to norm 4 (Δ 2 per coordinate); mean Δ = (1 + 2 + 2 + 2) / 4 = 1.75.
      expect(Array.from(t.models.saved[0].data)).toEqual([2.75, 3.75, 4.75, 5.75]);
      // 2 of 4 unclipped = γ: the next bound stays 4 (Andrew et al. 2021).
      expect(t.run.view.updateBound).toMatchObject({ rule: 'quantile', bound: 4, clipped: 2, nextBound: 4 });
    });
  });
});
