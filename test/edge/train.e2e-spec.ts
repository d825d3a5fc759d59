/**
 * Real training end to end: a coordinator process and three fl-client
 * processes (wasm backend, IID shards of 400 MNIST digits each) run two
 * FedAvg rounds of mnist-cnn. The final global model must classify held-out
 * digits much better than the initial one, and every client must log one
 * line per round.
 */
import { join } from 'node:path';
import { JobStatus, type JobView } from '@fl/protocol';
import { deserializeWeights } from '@fl/fl-core';
import { buildModel, evaluate, loadDataSpec, selectBackend, setModelWeights, subset } from '@fl/trainer-tfjs/node';
import { Children, ApiClient, jsonLines, scratchDir, startClients, startCoordinator, withEnrollment, waitForClients, followJob } from './support/edge-fixture';

jest.setTimeout(180_000);

const CLIENTS = 3;

describe('fl-client training (e2e)', () => {
  const children = new Children();
  afterAll(() => children.stopAll());

  it('trains mnist-cnn for 2 rounds with real clients and improves held-out accuracy', async () => {
    // Prepare
    const dir = scratchDir('train');
    const coordinator = await startCoordinator(children, { dataDir: join(dir, 'data'), logFile: join(dir, 'coordinator.log') });
    const api = new ApiClient({ baseUrl: coordinator.url, token: coordinator.adminToken! });
    const clients = startClients(
      children,
      coordinator.url,
      await withEnrollment(api, Array.from({ length: CLIENTS }, (_, i) => ({ name: `trainer-${i}`, data: `mnist?holdout=2000&limit=1200&shard=${i}/${CLIENTS}&seed=7`, backend: 'wasm' as const })), dir),
      dir,
    );
    const logs = clients.map(jsonLines);
    await waitForClients(api, 'mnist', CLIENTS, 90_000);
    const listed = (await api.clients.list()).filter((c) => c.connected);
    expect(listed.map((c) => [c.dataset, c.numExamples, c.backend])).toEqual(Array(CLIENTS).fill(['mnist', 400, 'wasm']));
    const created = await api.jobs.create({
      name: 'e2e-train',
      model: { builtin: 'mnist-cnn' },
      dataset: 'mnist',
      rounds: 2,
      clientsPerRound: CLIENTS,
      minClients: CLIENTS,
      overSelection: 0,
      localEpochs: 3,
      batchSize: 32,
      learningRate: 0.1,
      seed: 1,
      evaluate: false,
      roundDeadlineSeconds: 120,
    });
    const initial = await api.models.weights(created.modelHash);

    // Execute
    await api.jobs.start(created.id);
    const job: JobView = await followJob(api, created.id, () => undefined, { timeoutMs: 150_000 });

    // Assert
    expect(job.status).toBe(JobStatus.Completed);
    expect(job.rounds.map((r) => [r.round, r.phase, r.participants.length])).toEqual([
      [1, 'done', CLIENTS],
      [2, 'done', CLIENTS],
    ]);
    expect(job.rounds[1].metrics!.trainLoss!).toBeLessThan(job.rounds[0].metrics!.trainLoss!);

    const model = await api.jobs.model(created.id);
    const final = await api.models.weights(model.hash);
    await selectBackend('wasm');
    const all = (await loadDataSpec('mnist')).train;
    const heldOut = subset(all, Array.from({ length: 1000 }, (_, k) => all.count - 2000 + k));
    const net = await buildModel({ layers: model.topology! });
    setModelWeights(net, deserializeWeights(initial, model.layout));
    const before = evaluate(net, heldOut).accuracy;
    setModelWeights(net, deserializeWeights(final, model.layout));
    const after = evaluate(net, heldOut).accuracy;
    net.dispose();
    expect(after).toBeGreaterThan(before + 0.25);
    expect(after).toBeGreaterThan(0.5);

    for (const lines of logs) {
      expect(lines.find((l) => l.event === 'backend')).toMatchObject({ backend: 'wasm' });
      const rounds = lines.filter((l) => l.event === 'round');
      expect(rounds.map((r) => [r.kind, r.round, r.examples])).toEqual([
        ['train', 1, 400],
        ['train', 2, 400],
      ]);
      for (const r of rounds) {
        expect(Number.isFinite(r.loss)).toBe(true);
        expect(r.accuracy).toBeGreaterThanOrEqual(0);
        expect(r.seconds).toBeGreaterThan(0);
      }
    }
  });
});
