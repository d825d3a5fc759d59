/**
 * Transport limits (README.md "Limits"): a 10,000,000-parameter model
 * (≈ 40 MB) round-trips through chunked model:fetch and update:chunk; a raw
 * message above maxHttpBufferSize disconnects only its sender; an ≥ 7 MB
 * update arrives after a training step longer than the ping timeout.
 */
import { Events, MAX_CHUNK_BYTES } from '@fl/protocol';
import { startHarness, until, type Harness } from './support/harness';
import { PLAIN } from './support/plain';
import { ScriptedClient } from './support/scripted-client';

/** These specs check transport with the exact FedAvg mean of large updates, so the default L2 bound (which would clip them) is off. */
const NO_BOUND = { action: 'off' as const };


function maxAbsDiff(a: Float32Array, b: Float32Array, shift: number): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - (b[i] + shift)));
  return m;
}

describe('coordinator transport limits', () => {
  const all: ScriptedClient[] = [];
  afterEach(() => {
    for (const c of all.splice(0)) c.close();
  });

  it('runs a 10M-parameter round through chunking; an oversized raw message drops only its sender', async () => {
    const h = await startHarness();
    try {
      // Prepare
      const a = await ScriptedClient.enrol(h, { dataset: 'big', numExamples: 1, perturbation: 1 });
      const b = await ScriptedClient.enrol(h, { dataset: 'big', numExamples: 3, perturbation: -0.5, uploadChunkBytes: 3 * 1024 * 1024 });
      const rogue = await ScriptedClient.enrol(h, { dataset: 'big', auto: false });
      all.push(a, b, rogue);
      const job = await h.createJob({ model: { builtin: 'synthetic', params: 10_000_000 }, dataset: 'big', rounds: 1, clientsPerRound: 3, minClients: 2, overSelection: 0, roundDeadlineSeconds: 60, evaluate: false, secureAggregation: PLAIN, updateBound: NO_BOUND });
      const x0 = await h.weights(job.modelHash);
      // Execute
      await h.startJob(job.id);
      const t = await rogue.nextTask(0);
      expect(t.model.bytes).toBeGreaterThanOrEqual(40_000_000);
      expect(t.model.chunks).toBe(Math.ceil(t.model.bytes / MAX_CHUNK_BYTES));
      rogue.socket.emit(Events.UpdateChunk, { taskId: t.taskId, index: 0, total: 5, totalBytes: t.model.bytes, data: Buffer.alloc(MAX_CHUNK_BYTES + 512 * 1024) }, () => undefined);
      await until(() => rogue.disconnected, 10000, 'rogue disconnected');
      const done = await h.waitJob(job.id, (j) => j.status !== 'running', 60000);
      // Assert
      expect(done.status).toBe('completed');
      expect(a.disconnected || b.disconnected).toBe(false);
      const r = done.rounds[0];
      expect(r.participants.sort()).toEqual([a.clientId, b.clientId].sort());
      expect(r.failures).toEqual([{ clientId: rogue.clientId, code: 'DISCONNECTED', reason: expect.any(String) }]);
      const x1 = await h.weights(done.modelHash);
      expect(x1.length).toBe(10_000_000);
      expect(maxAbsDiff(x1, x0, (1 * 1 + 3 * -0.5) / 4)).toBeLessThan(1e-6);
    } finally {
      await h.close();
    }
  });

  it('takes an 8 MB update after a training step longer than the ping timeout', async () => {
    // The step outlasts the ping timeout by 2 s (margin for a loaded machine, where a 1 s timeout once dropped a client).
    const h = await startHarness({ pingIntervalMs: 500, pingTimeoutMs: 2000 });
    try {
      const a = await ScriptedClient.enrol(h, { dataset: 'slow', trainMs: 4000, perturbation: 0.5 });
      const b = await ScriptedClient.enrol(h, { dataset: 'slow', trainMs: 4000, perturbation: 1.5 });
      all.push(a, b);
      const job = await h.createJob({ model: { builtin: 'synthetic', params: 2_000_000 }, dataset: 'slow', rounds: 1, clientsPerRound: 2, overSelection: 0, roundDeadlineSeconds: 30, evaluate: false, secureAggregation: PLAIN, updateBound: NO_BOUND });
      const x0 = await h.weights(job.modelHash);
      await h.startJob(job.id);
      const done = await h.waitJob(job.id, (j) => j.status !== 'running', 30000);
      expect(done.status).toBe('completed');
      expect(a.tasks[0].model.bytes).toBeGreaterThan(7_000_000);
      expect(done.rounds[0].seconds!).toBeGreaterThan(4); // several heartbeats passed during the step
      expect([a.disconnectReason, b.disconnectReason]).toEqual(['', '']);
      expect(maxAbsDiff(await h.weights(done.modelHash), x0, 1)).toBeLessThan(1e-6);
    } finally {
      await h.close();
    }
  });
});
