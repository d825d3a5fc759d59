/**
 * Simulation mode (docs/simulation.md): 20 virtual clients in one
 * `simulate` process, enrolled with one 20-use token, against the real
 * coordinator; a secure job of 2 rounds samples all of them each round and
 * completes with every client's masked update in both aggregates. Each
 * virtual client has its own signing key and its own client id.
 */
import { join } from 'node:path';
import { JobStatus } from '@fl/protocol';
import { startSimulation } from '../../apps/tools/src/proc/simulation';
import { simulationJob } from '../../apps/tools/src/bench/simulate-job';
import { ApiClient, Children, followJob, scratchDir, startCoordinator, waitForClients } from './support/edge-fixture';

jest.setTimeout(90_000);

const N = 20;

describe('simulate: many virtual clients in one process (e2e)', () => {
  const children = new Children();
  afterAll(() => children.stopAll(10_000));

  it('runs a 2-round secure job on 20 virtual clients, each with its own identity, all taking part', async () => {
    // Prepare
    const dir = scratchDir('simulate');
    const coordinator = await startCoordinator(children, { dataDir: join(dir, 'data'), logFile: join(dir, 'coordinator.log') });
    const api = new ApiClient({ baseUrl: coordinator.url, token: coordinator.adminToken! });
    const token = await api.enrollmentTokens.create({ label: 'simulation', maxUses: N });
    const sim = startSimulation(children, coordinator.url, { clients: N, data: `mnist?limit=2000&shard=i/${N}`, enrollToken: token.secret, workers: 2, verbose: true, logFile: join(dir, 'simulate.log') });
    const connected = await sim.waitForEvent('connected', 60_000);
    await waitForClients(api, 'mnist', N, 15_000);

    // Execute
    const job = await api.jobs.create(simulationJob('e2e-simulate', N, 2));
    await api.jobs.start(job.id);
    const final = await followJob(api, job.id, () => undefined, { pollMs: 250, timeoutMs: 60_000 });
    const summary = await sim.stop();

    // Assert: the job completed with every virtual client in both secure aggregates
    expect(connected).toMatchObject({ clients: N, connected: N, refused: 0 });
    expect(final.status).toBe(JobStatus.Completed);
    const clients = (await api.clients.list()).filter((c) => c.dataset === 'mnist');
    const ids = clients.map((c) => c.id).sort();
    expect(clients).toHaveLength(N);
    expect(new Set(ids).size).toBe(N);
    expect(clients.every((c) => c.hasSigningKey && c.numExamples === 100 && c.enrollmentTokenId === token.id)).toBe(true);
    expect(clients.map((c) => c.name).sort()).toEqual(Array.from({ length: N }, (_, k) => `sim-${k}`).sort());
    const done = final.rounds.filter((r) => r.phase === 'done');
    expect(done.map((r) => r.round)).toEqual([1, 2]);
    for (const r of done) {
      expect(r.secureAggregation).not.toBeNull();
      expect([...r.participants].sort()).toEqual(ids);
    }
    expect(summary).toMatchObject({ clients: N, connected: N, refused: 0, tasks: { ok: 2 * N, failed: 0 } });

    // each virtual client enrolled with a signing key of its own under an id of its own
    const keys = new Map(sim.lines.filter((l) => l.event === 'identity').map((l) => [l.client, l.signingKey]));
    const enrolled = new Map(sim.lines.filter((l) => l.event === 'enrolled').map((l) => [l.client, l.clientId]));
    expect(keys.size).toBe(N);
    expect(new Set(keys.values()).size).toBe(N);
    expect([...enrolled.values()].sort()).toEqual(ids);
  });
});
