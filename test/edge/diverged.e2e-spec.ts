/**
 * A diverged global model, end to end with real training: in a plain job with
 * the update bound off, one `fl-client --attack huge` sends 1e30 in every
 * coordinate in round 1, so round 2's global model holds values near 1e30 /
 * (total weight). The honest clients' local training diverges (NON_FINITE);
 * each withdraws from its task with that code (`task:withdraw`), so round 2
 * fails with that code at once (the first withdrawal leaves fewer members than
 * minClients), far inside its 120 s deadline, rather than timing them out.
 */
import { join } from 'node:path';
import { JobStatus } from '@fl/protocol';
import { Children, ApiClient, followJob, scratchDir, startClients, startCoordinator, waitForClients, withEnrollment } from './support/edge-fixture';

jest.setTimeout(180_000);

describe('fl-client: local training that diverges is reported at once (e2e)', () => {
  const children = new Children();
  afterAll(() => children.stopAll());

  it('round 2 on a model driven to 1e30 fails with the honest clients\' NON_FINITE withdrawals, well before its deadline', async () => {
    const dir = scratchDir('diverged');
    const coordinator = await startCoordinator(children, { dataDir: join(dir, 'data'), logFile: join(dir, 'coordinator.log') });
    const api = new ApiClient({ baseUrl: coordinator.url, token: coordinator.adminToken! });
    const specs = [0, 1, 2].map((i) => ({ name: `d-${i}`, data: `mnist?holdout=2000&limit=600&shard=${i}/3&seed=3`, backend: 'wasm' as const, ...(i === 0 ? { attack: 'huge' as const } : {}) }));
    startClients(children, coordinator.url, await withEnrollment(api, specs, dir), dir);
    await waitForClients(api, 'mnist', 3, 90_000);
    const attackerId = (await api.clients.list()).find((c) => c.name === 'd-0')!.id;
    const deadline = 120;
    const created = await api.jobs.create({
      name: 'e2e-diverged',
      model: { builtin: 'mnist-cnn' },
      dataset: 'mnist',
      rounds: 2,
      clientsPerRound: 3,
      minClients: 3,
      overSelection: 0,
      maxRoundRetries: 0,
      localEpochs: 1,
      learningRate: 0.1,
      evaluate: false,
      roundDeadlineSeconds: deadline,
      updateBound: { action: 'off' },
      maxExamplesPerClient: 2_147_483_647,
      secureAggregation: { enabled: false },
    });
    await api.jobs.start(created.id);
    const job = await followJob(api, created.id, () => undefined, { timeoutMs: 170_000 });

    expect(job.status).toBe(JobStatus.Failed);
    expect(job.rounds.map((r) => [r.round, r.phase])).toEqual([
      [1, 'done'],
      [2, 'failed'],
    ]);
    const r2 = job.rounds[1];
    const codes = r2.failures.map((f) => f.code);
    // The first honest withdrawal leaves too few members for minClients 3: the round fails at once and cancels the rest.
    const diverged = r2.failures.filter((f) => f.code === 'NON_FINITE');
    expect(diverged.length).toBeGreaterThanOrEqual(1);
    expect(diverged.every((f) => f.clientId !== attackerId && /^withdrew from the task: training diverged/.test(f.reason))).toBe(true);
    expect(codes).not.toContain('DEADLINE_PASSED');
    expect(r2.failureReason).toMatch(/NON_FINITE/);
    expect(r2.seconds!).toBeLessThan(deadline / 2);
  });
});
