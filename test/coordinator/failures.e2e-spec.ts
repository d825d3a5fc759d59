/**
 * Failure handling over real sockets: stragglers, disconnects, too few
 * clients with retries, and the identity rules.
 */
import { ErrorCode, Events, PROTOCOL_VERSION, RoundPhase } from '@fl/protocol';
import { scriptedSuite, until, type Harness } from './support/harness';
import { PLAIN } from './support/plain';
import { enrollmentToken } from './support/scripted-client';

describe('coordinator failure handling', () => {
  let h: Harness;
  const { enrol, connect } = scriptedSuite((x) => (h = x), { closeClients: 'each' });

  it('drops a straggler at the deadline (round:cancel) and completes the round with the others', async () => {
    // Prepare
    const fast = [await enrol({ dataset: 'strag' }), await enrol({ dataset: 'strag' })];
    const slow = await enrol({ dataset: 'strag', trainMs: 20000 });
    const job = await h.createJob({ model: { builtin: 'synthetic', params: 50 }, dataset: 'strag', rounds: 1, clientsPerRound: 3, minClients: 2, overSelection: 0, roundDeadlineSeconds: 1, evaluate: false, secureAggregation: PLAIN });
    // Execute
    await h.startJob(job.id);
    const done = await h.waitJob(job.id, (j) => j.status !== 'running');
    // Assert
    expect(done.status).toBe('completed');
    const r = done.rounds[0];
    expect(r.participants.sort()).toEqual(fast.map((c) => c.clientId).sort());
    expect(r.failures).toEqual([{ clientId: slow.clientId, code: ErrorCode.DeadlinePassed, reason: expect.stringContaining('deadline') }]);
    expect(slow.cancels).toEqual([{ taskId: slow.tasks[0].taskId, reason: expect.stringContaining('deadline') }]);
    expect(r.seconds!).toBeGreaterThanOrEqual(1);
    expect(r.seconds!).toBeLessThan(10); // did not wait for the 20 s straggler
  });

  it('counts a cohort member that disconnects as dropped for its round', async () => {
    const stay = [await enrol({ dataset: 'drop' }), await enrol({ dataset: 'drop' })];
    const leaver = await enrol({ dataset: 'drop', auto: false });
    const job = await h.createJob({ model: { builtin: 'synthetic', params: 50 }, dataset: 'drop', rounds: 1, clientsPerRound: 3, minClients: 2, overSelection: 0, roundDeadlineSeconds: 30, evaluate: false, secureAggregation: PLAIN });
    await h.startJob(job.id);
    await leaver.nextTask(0);
    leaver.close();
    const done = await h.waitJob(job.id, (j) => j.status !== 'running', 10000);
    expect(done.status).toBe('completed');
    expect(done.rounds[0].seconds!).toBeLessThan(15); // did not wait for the 30 s deadline
    expect(done.rounds[0].participants.sort()).toEqual(stay.map((c) => c.clientId).sort());
    expect(done.rounds[0].failures).toEqual([{ clientId: leaver.clientId, code: 'DISCONNECTED', reason: expect.any(String) }]);
    const clients = (await h.rest<Array<{ id: string; connected: boolean }>>('GET', '/clients')).body;
    expect(clients.find((c) => c.id === leaver.clientId)?.connected).toBe(false);
  });

  it('fails a round with too few clients, retries it with a new attempt, then fails the job with the reason', async () => {
    // Prepare: one eligible client, minClients 2
    await enrol({ dataset: 'few' });
    const job = await h.createJob({ model: { builtin: 'synthetic', params: 10 }, dataset: 'few', rounds: 2, clientsPerRound: 2, minClients: 2, waitForClientsSeconds: 0.2, maxRoundRetries: 2, evaluate: false, secureAggregation: PLAIN });
    // Execute
    await h.startJob(job.id);
    const done = await h.waitJob(job.id, (j) => j.status !== 'running');
    // Assert
    expect(done.status).toBe('failed');
    expect(done.statusReason).toBe(`round 1 failed 3 time(s); last reason: only 1 eligible client(s) holding dataset 'few' were connected and idle after 0.2 s; minClients is 2`);
    expect(done.rounds.map((r) => [r.round, r.attempt, r.phase])).toEqual([
      [1, 1, RoundPhase.Failed],
      [1, 2, RoundPhase.Failed],
      [1, 3, RoundPhase.Failed],
    ]);
    expect(done.rounds.every((r) => r.failureReason?.startsWith('only 1 eligible client(s)'))).toBe(true);
    expect(done.completedRounds).toBe(0);
    expect(done.modelHash).toBe(job.modelHash);
  });

  it("refuses a forged identity (someone else's id with another key), keeps the real client, and accepts the owner's signature", async () => {
    const victim = await enrol();
    const thief = await connect();
    thief.clientId = victim.clientId;
    const forged = await thief.register();
    expect(forged).toEqual({ ok: false, error: { code: ErrorCode.ForgedIdentity, message: expect.any(String) } });
    expect(victim.disconnected).toBe(false);
    const r = await thief.emit(Events.ModelFetch, { hash: 'x', index: 0 });
    expect(r).toEqual({ ok: false, error: { code: ErrorCode.NotRegistered, message: expect.any(String) } });

    // the real owner reconnects from a new socket, signing with its key: same id, old socket closed
    const again = await connect();
    again.keys = victim.keys;
    again.clientId = victim.clientId;
    const back = await again.register();
    expect(back).toMatchObject({ ok: true, clientId: victim.clientId });
    await until(() => victim.disconnected, 5000, 'old socket closed');
  });

  it('refuses anything from an unregistered socket with NOT_REGISTERED, and a wrong protocol version', async () => {
    const stranger = await connect();
    for (const [event, payload] of [
      [Events.UpdateChunk, { taskId: 't', index: 0, total: 1, totalBytes: 4, data: Buffer.alloc(4) }],
      [Events.UpdateCommit, { taskId: 't', jobId: 'j', round: 1, attempt: 1, numExamples: 1, metrics: { loss: 0, accuracy: 0, examplesProcessed: 1, seconds: 0 }, proximalMu: 0 }],
      [Events.EvaluateResult, { taskId: 't', jobId: 'j', round: 1, attempt: 1, numExamples: 1, loss: 0, accuracy: 0 }],
      [Events.ModelFetch, { hash: 'abc', index: 0 }],
    ] as const) {
      const r = await stranger.emit(event, payload);
      expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: ErrorCode.NotRegistered }) });
    }
    expect(stranger.errors.map((e) => e.code)).toEqual([ErrorCode.NotRegistered, ErrorCode.NotRegistered, ErrorCode.NotRegistered]);
    const newer = await stranger.register({ protocolVersion: PROTOCOL_VERSION + 1, enrollmentToken: await enrollmentToken(h) });
    expect(newer).toEqual({ ok: false, error: { code: ErrorCode.ProtocolVersion, message: expect.stringContaining(`speaks ${PROTOCOL_VERSION}`) } });
    // a protocol-1 client (id + replayable session token, no challenge) learns why
    const v1 = await stranger.emit(Events.Register, { protocolVersion: 1, name: 'old', dataset: { name: 'synth', numExamples: 1 }, backend: 'none', clientId: 'c', sessionToken: 'f'.repeat(64) });
    expect(v1).toEqual({ ok: false, error: { code: ErrorCode.ProtocolVersion, message: expect.stringContaining(`speaks ${PROTOCOL_VERSION}`) } });
    const bad = await stranger.emit(Events.Register, { protocolVersion: PROTOCOL_VERSION, name: '' });
    expect(bad).toEqual({ ok: false, error: { code: ErrorCode.BadPayload, message: expect.stringContaining('name must be a non-empty string') } });
  });

  it('answers model:fetch for an unknown hash or chunk with UNKNOWN_MODEL', async () => {
    const c = await enrol();
    const job = await h.createJob({ model: { builtin: 'synthetic', params: 10 }, dataset: 'synth', secureAggregation: PLAIN });
    expect(await c.emit(Events.ModelFetch, { hash: 'f'.repeat(64), index: 0 })).toEqual({ ok: false, error: expect.objectContaining({ code: ErrorCode.UnknownModel }) });
    expect(await c.emit(Events.ModelFetch, { hash: job.modelHash, index: 1 })).toEqual({ ok: false, error: expect.objectContaining({ code: ErrorCode.UnknownModel }) });
    const ok = await c.emit<{ index: number; data: Uint8Array }>(Events.ModelFetch, { hash: job.modelHash, index: 0 });
    expect(ok.ok && ok.data.byteLength).toBeGreaterThan(40);
  });
});
