/**
 * Real fl-client processes (echo mode) against a real coordinator process
 * move their models and updates over the bulk channel: plain updates and
 * secure masked inputs of 1.2 MB each are PUT to the bulk port, the model is
 * fetched from it, and the coordinator counts exactly one upload per task
 * and one model chunk per client and round (`GET /api/health`); every
 * member's round timeline shows its download.
 */
import { join } from 'node:path';
import { JobStatus } from '@fl/protocol';
import { Children, ApiClient, scratchDir, startClients, startCoordinator, withEnrollment, waitForClients, followJob } from './support/edge-fixture';

jest.setTimeout(120_000);

const CLIENTS = 4;
/** 1.2 MB per model and update: above BULK_MIN_BYTES, so every transfer takes the bulk channel. */
const PARAMS = 300_000;

interface Health {
  bulk: { port: number | null; modelChunks: number; uploads: number; refused: number };
}

describe('fl-client over the bulk channel (e2e)', () => {
  const children = new Children();
  afterAll(() => children.stopAll());

  it('fetches models and uploads plain updates and masked inputs over the bulk port', async () => {
    // Prepare
    const dir = scratchDir('bulk');
    const coordinator = await startCoordinator(children, { dataDir: join(dir, 'data'), logFile: join(dir, 'coordinator.log') });
    const api = new ApiClient({ baseUrl: coordinator.url, token: coordinator.adminToken! });
    startClients(
      children,
      coordinator.url,
      await withEnrollment(api, Array.from({ length: CLIENTS }, (_, i) => ({ name: `bulk-${i}`, data: 'synthetic', echo: true, examples: 10 + i })), dir),
      dir,
    );
    await waitForClients(api, 'synthetic', CLIENTS, 60_000);
    const health = async () => (await (await fetch(`${coordinator.url}/api/health`, { headers: { authorization: `Bearer ${coordinator.adminToken!}` } })).json()) as Health;
    const job = (secure: boolean, rounds: number) =>
      api.jobs.create({
        name: `e2e-bulk-${secure ? 'secure' : 'plain'}`,
        model: { builtin: 'synthetic', params: PARAMS },
        dataset: 'synthetic',
        rounds,
        seed: secure ? 2 : 1, // two different initial models: none is in a client's cache already
        clientsPerRound: CLIENTS,
        minClients: CLIENTS,
        overSelection: 0,
        evaluate: false,
        roundDeadlineSeconds: 60,
        secureAggregation: { enabled: secure },
      });
    const before = await health();

    // Execute: two plain rounds, then one secure round.
    const plain = await job(false, 2);
    await api.jobs.start(plain.id);
    const plainDone = await followJob(api, plain.id, () => undefined, { timeoutMs: 60_000 });
    const secure = await job(true, 1);
    await api.jobs.start(secure.id);
    const secureDone = await followJob(api, secure.id, () => undefined, { timeoutMs: 60_000 });
    const after = await health();

    // Assert
    expect(before.bulk).toEqual({ port: expect.any(Number), modelChunks: 0, uploads: 0, refused: 0 });
    expect([plainDone.status, secureDone.status]).toEqual([JobStatus.Completed, JobStatus.Completed]);
    expect(plainDone.rounds.map((r) => r.participants.length)).toEqual([CLIENTS, CLIENTS]);
    expect(secureDone.rounds.map((r) => r.participants.length)).toEqual([CLIENTS]);
    expect(after.bulk).toEqual({ port: before.bulk.port, modelChunks: 3 * CLIENTS, uploads: 3 * CLIENTS, refused: 0 });
    for (const r of [...plainDone.rounds, ...secureDone.rounds]) expect(r.members?.map((m) => m.steps.some((s) => s.state === 'downloading'))).toEqual(Array(CLIENTS).fill(true));
  });
});
