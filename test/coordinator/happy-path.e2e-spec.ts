/**
 * A full multi-round job with the synthetic model: three scripted clients
 * with n_k = 1, 2, 3 echo x_t + c_k; each new global model must equal the
 * hand-computed example-weighted mean x_t + Σ n_k ĉ_k / Σ n_k, with ĉ_k = c_k clipped
 * at the median |c| by the default update bound (README "Bounded influence").
 */
import { io } from 'socket.io-client';
import { ADMIN_NAMESPACE, applyJobUpdate, Events, RoundPhase, SOCKET_PATH, type AdminClientsUpdate, type AdminJobUpdate, type JobView } from '@fl/protocol';
import { startHarness, type Harness } from './support/harness';
import { PLAIN } from './support/plain';
import { ScriptedClient } from './support/scripted-client';


describe('coordinator happy path', () => {
  let h: Harness;
  const clients: ScriptedClient[] = [];

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await h.close();
  });

  it('runs 3 rounds and each aggregate is the example-weighted mean', async () => {
    // Prepare
    const spec = [
      { n: 1, c: 0.3, loss: 1.0, acc: 0.1, evalLoss: 2.0, evalAcc: 0.2, evalN: 4 },
      { n: 2, c: -0.6, loss: 2.0, acc: 0.4, evalLoss: 1.0, evalAcc: 0.5, evalN: 1 },
      { n: 3, c: 0.9, loss: 4.0, acc: 0.7, evalLoss: 3.0, evalAcc: 0.9, evalN: 5 },
    ];
    for (const s of spec)
      clients.push(
        await ScriptedClient.enrol(h, {
          numExamples: s.n,
          perturbation: s.c,
          trainMetrics: { loss: s.loss, accuracy: s.acc },
          evalMetrics: { loss: s.evalLoss, accuracy: s.evalAcc, numExamples: s.evalN },
        }),
      );
    const created = await h.createJob({ model: { builtin: 'synthetic', params: 1000 }, dataset: 'synth', rounds: 3, clientsPerRound: 3, minClients: 3, overSelection: 0, waitForClientsSeconds: 10, roundDeadlineSeconds: 10, secureAggregation: PLAIN });
    const x0 = await h.weights(created.modelHash);

    // Execute
    await h.startJob(created.id);
    const job: JobView = await h.waitJob(created.id, (j) => j.status !== 'running' && j.status !== 'created');

    // Assert
    expect(job.status).toBe('completed');
    expect(job.completedRounds).toBe(3);
    expect(job.rounds.map((r) => [r.round, r.attempt, r.phase])).toEqual([
      [1, 1, RoundPhase.Done],
      [2, 1, RoundPhase.Done],
      [3, 1, RoundPhase.Done],
    ]);
    // The default update bound clips each Δ at the round's median norm (|c| = 0.6 here): 0.9 counts as 0.6.
    const clipped = (c: number) => Math.sign(c) * Math.min(Math.abs(c), 0.6);
    const meanDelta = spec.reduce((s, x) => s + x.n * clipped(x.c), 0) / spec.reduce((s, x) => s + x.n, 0); // (0.3 − 1.2 + 1.8) / 6 = 0.15
    const x3 = await h.weights(job.modelHash);
    let maxErr = 0;
    for (let i = 0; i < x0.length; i++) maxErr = Math.max(maxErr, Math.abs(x3[i] - (x0[i] + 3 * meanDelta)));
    expect(maxErr).toBeLessThan(1e-5);

    const r1 = job.rounds[0];
    expect(r1.participants.sort()).toEqual(clients.map((c) => c.clientId).sort());
    expect(r1.failures).toEqual([]);
    expect(r1.metrics!.examples).toBe(6);
    expect(r1.metrics!.trainLoss).toBeCloseTo((1 * 1 + 2 * 2 + 3 * 4) / 6, 10);
    expect(r1.metrics!.trainAccuracy).toBeCloseTo((0.1 + 0.8 + 2.1) / 6, 10);
    expect(r1.metrics!.evalLoss).toBeCloseTo((4 * 2 + 1 * 1 + 5 * 3) / 10, 10);
    expect(r1.metrics!.evalAccuracy).toBeCloseTo((4 * 0.2 + 0.5 + 5 * 0.9) / 10, 10);

    const model = await h.rest<{ hash: string; round: number; parameterCount: number; layout: unknown; topology: unknown }>('GET', `/jobs/${job.id}/model`);
    expect(model.body).toEqual({ hash: job.modelHash, round: 3, parameterCount: 1000, layout: [{ name: 'synthetic/w', shape: [1000] }], topology: null });
    const listed = await h.rest<{ id: string; connected: boolean; currentTaskId: string | null }[]>('GET', '/clients');
    expect(listed.body.filter((c) => c.connected && c.currentTaskId === null)).toHaveLength(3);
  });

  it('streams admin:job and admin:clients to the dashboard namespace', async () => {
    // Prepare
    const admin = io(`${h.url}${ADMIN_NAMESPACE}`, { path: SOCKET_PATH, transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: h.adminToken } });
    const jobs: AdminJobUpdate[] = [];
    const clientLists: AdminClientsUpdate[] = [];
    admin.on(Events.AdminJob, (m: AdminJobUpdate) => jobs.push(m));
    admin.on(Events.AdminClients, (m: AdminClientsUpdate) => clientLists.push(m));
    await new Promise<void>((r) => admin.once('connect', () => r()));
    await new Promise((r) => setTimeout(r, 100));
    expect(clientLists[0].clients.filter((c) => c.connected)).toHaveLength(3); // snapshot on connect
    const extra = await ScriptedClient.enrol(h, { dataset: 'elsewhere' });
    clients.push(extra);
    // Training takes 800 ms, several 200 ms throttle windows, so a mid-round state must be published.
    for (let i = 0; i < 2; i++) clients.push(await ScriptedClient.enrol(h, { dataset: 'slow', trainMs: 800 }));
    // Execute
    const created = await h.createJob({ model: { builtin: 'synthetic', params: 10 }, dataset: 'slow', rounds: 2, clientsPerRound: 2, overSelection: 0, evaluate: false, secureAggregation: PLAIN });
    await h.startJob(created.id);
    await h.waitJob(created.id, (j) => j.status === 'completed');
    await new Promise((r) => setTimeout(r, 400)); // the trailing edge of the last throttle window
    admin.close();
    // Assert
    const mine = jobs.filter((u) => u.job.id === created.id);
    expect(mine[0]).toMatchObject({ job: { status: 'created' }, current: null, attempts: 0 });
    expect(mine.some((u) => u.job.status === 'running' && u.current !== null && u.current.phase !== RoundPhase.Done)).toBe(true);
    // Only the latest attempt travels; the history stays behind REST.
    expect(mine.every((u) => !('rounds' in u.job))).toBe(true);
    expect(mine[mine.length - 1]).toMatchObject({ job: { status: 'completed', completedRounds: 2 }, current: { round: 2, phase: RoundPhase.Done }, attempts: 2 });
    // The first event about round 2 carries round 1's final state, so a follower that folds every event from
    // the start holds the whole history and never has to read it again.
    expect(mine.find((u) => u.current?.round === 2)?.previous).toMatchObject({ round: 1, attempt: 1, phase: RoundPhase.Done });
    let held: JobView | undefined;
    for (const u of mine) {
      const f = applyJobUpdate(held, u);
      expect(f.stale).toBe(false);
      held = f.view;
    }
    const final = await h.rest<JobView>('GET', `/jobs/${created.id}`);
    expect(held!.rounds.map((r) => [r.round, r.attempt, r.phase])).toEqual(final.body.rounds.map((r) => [r.round, r.attempt, r.phase]));
    expect(clientLists.some((l) => l.clients.some((c) => c.id === extra.clientId))).toBe(true);
  });
});
