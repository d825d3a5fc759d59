import type { RegisterRequest, RoundTask, TaskAcceptReply, TaskWithdraw, UpdateCommit } from '@fl/protocol';
import { deserializeWeights, type ModelWeights } from '@fl/fl-core';
import { Agent, type TaskOutcome } from './agent';
import { Connection } from './connection';
import type { Log, RoundLine } from './log';
import { EchoTrainer } from './trainers/echo-trainer';
import type { LocalTrainer } from './trainers/local-trainer';
import { FAKE_ENROLL_TOKEN, FakeSocketServer, answerAuth, registered, type FakeSocket as S } from './testing/fake-coordinator';
import { ephemeralIdentity } from './secagg/identity';
import { until } from './testing/until';

/** A minimal coordinator: registers, serves one blob in 64-byte chunks, collects uploads. */
class FakeCoordinator extends FakeSocketServer {
  registrations: RegisterRequest[] = [];
  fetches: number[] = [];
  chunks: Buffer[] = [];
  commits: UpdateCommit[] = [];
  withdrawals: TaskWithdraw[] = [];
  fetchDelayMs = 0;
  socket: S | null = null;
  private sockets = new Set<S>();

  constructor() {
    super();
    this.io.on('connection', (s: S) => {
      this.sockets.add(s);
      s.on('disconnect', () => this.sockets.delete(s));
      answerAuth(s, (req) => {
        this.registrations.push(req);
        this.socket = s;
        return registered(req.clientId ?? 'client-1', { maxChunkBytes: this.chunkBytes });
      });
      s.on('model:fetch', async (req, ack) => {
        this.fetches.push(req.index);
        if (this.fetchDelayMs) await new Promise((r) => setTimeout(r, this.fetchDelayMs));
        ack(this.chunkOf(req.hash, req.index) ?? { ok: false, error: { code: 'UNKNOWN_MODEL', message: 'no such model' } });
      });
      s.on('update:chunk', (req, ack) => {
        this.chunks[req.index] = Buffer.from(req.data);
        ack({ ok: true, received: req.index + 1 });
      });
      s.on('update:commit', (req, ack) => {
        this.commits.push(req);
        ack({ ok: true, accepted: true });
      });
      s.on('task:withdraw', (req, ack) => {
        this.withdrawals.push(req);
        ack({ ok: true, withdrawn: true });
      });
    });
  }

  /** Publishes a blob under its hash (or a wrong one) and returns the task announcing it. */
  task(w: ModelWeights, over: Partial<RoundTask> = {}, hash?: string): RoundTask {
    return this.taskFor(`task-${Math.random().toString(36).slice(2)}`, w, over, hash);
  }

  send(task: RoundTask): Promise<TaskAcceptReply> {
    return new Promise((resolve) => this.socket!.emit('round:task', task, resolve));
  }

  kick(): void {
    for (const s of this.sockets) s.disconnect(true);
  }
}

/** What the TF.js trainer throws (a TrainerError: an Error with a code). */
const trainerError = (code: string, message: string) => Object.assign(new Error(message), { code });

const silentLog = (rounds: RoundLine[] = []): Log => ({ info: () => {}, warn: () => {}, round: (r) => rounds.push(r) });

const weights = (): ModelWeights => ({
  layout: [
    { name: 'dense/kernel', shape: [10, 5] },
    { name: 'dense/bias', shape: [5] },
  ],
  data: Float32Array.from({ length: 55 }, (_, i) => Math.sin(i)),
});

describe(Agent.name, () => {
  let server: FakeCoordinator;
  let conn: Connection;
  let agent: Agent;
  let outcomes: TaskOutcome[];
  let rounds: RoundLine[];
  /** When set, the next trainings fail with it. */
  let failTrain: Error | null;

  beforeEach(async () => {
    server = new FakeCoordinator();
    const url = await server.listen();
    rounds = [];
    outcomes = [];
    const log = silentLog(rounds);
    conn = new Connection({ url, log, registration: { name: 'edge-1', dataset: { name: 'synthetic', numExamples: 120 }, backend: 'none' }, identity: ephemeralIdentity(), enrollToken: FAKE_ENROLL_TOKEN, reconnectionDelay: 50, reconnectionDelayMax: 100 });
    failTrain = null;
    const echo = new EchoTrainer({ name: 'synthetic', numExamples: 120 });
    const trainer: LocalTrainer = {
      backend: echo.backend,
      dataset: echo.dataset,
      train: (t, g) => (failTrain ? Promise.reject(failTrain) : echo.train(t, g)),
      evaluate: () => echo.evaluate(),
      dispose: () => echo.dispose(),
    };
    agent = new Agent({ connection: conn, trainer, log, echo: true });
    agent.onTaskDone((o) => outcomes.push(o));
    conn.start();
    await conn.whenRegistered(5000);
  });

  afterEach(async () => {
    conn.close();
    await server.close();
  });

  it('registers, fetches every chunk, trains and uploads a chunked update', async () => {
    // Prepare
    const w = weights();
    const task = server.task(w);
    expect(agent.state).toBe('registered');
    // Execute
    const reply = await server.send(task);
    await until(() => outcomes.length === 1);
    // Assert
    expect(reply).toEqual({ accepted: true });
    expect(server.fetches).toEqual([...Array(task.model.chunks).keys()]);
    expect(outcomes[0]).toMatchObject({ ok: true, taskId: task.taskId });
    expect(server.commits).toHaveLength(1);
    expect(server.commits[0]).toMatchObject({ taskId: task.taskId, jobId: 'job-1', round: 1, attempt: 1, numExamples: 120, proximalMu: 0 });
    expect(server.chunks.every((c) => c.byteLength <= server.chunkBytes)).toBe(true);
    const update = deserializeWeights(new Uint8Array(Buffer.concat(server.chunks)), w.layout);
    const maxDiff = Math.max(...update.data.map((v, i) => Math.abs(v - w.data[i])));
    expect(maxDiff).toBeGreaterThan(0);
    expect(maxDiff).toBeLessThanOrEqual(1e-3 + 1e-7);
    expect(rounds).toEqual([expect.objectContaining({ kind: 'train', round: 1, examples: 120 })]);
    expect(agent.state).toBe('registered');
  });

  it('withdraws from the task with the trainer\'s code when local training diverges (NON_FINITE), uploading nothing', async () => {
    failTrain = trainerError('NON_FINITE', 'training diverged: loss NaN in epoch 1');
    const task = server.task(weights());
    await server.send(task);
    await until(() => outcomes.length === 1);
    expect(outcomes[0]).toMatchObject({ ok: false, code: 'NON_FINITE', taskId: task.taskId });
    await until(() => server.withdrawals.length === 1);
    expect(server.withdrawals).toEqual([{ taskId: task.taskId, code: 'NON_FINITE', reason: 'training diverged: loss NaN in epoch 1' }]);
    expect(server.commits).toEqual([]);
  });

  it('sends no withdrawal for a task that trains, nor for a failure that is not about the task (ABORTED)', async () => {
    const task = server.task(weights());
    await server.send(task);
    await until(() => outcomes.length === 1);
    expect(outcomes[0].ok).toBe(true);
    failTrain = trainerError('ABORTED', 'stopped');
    await server.send(server.task(weights()));
    await until(() => outcomes.length === 2);
    expect(outcomes[1]).toMatchObject({ ok: false, code: 'ABORTED' });
    await new Promise((r) => setTimeout(r, 200)); // a withdrawal would have arrived by now
    expect(server.withdrawals).toEqual([]);
  });

  it('reuses a cached model blob by hash instead of fetching it again', async () => {
    const w = weights();
    await server.send(server.task(w));
    await until(() => outcomes.length === 1);
    const fetched = server.fetches.length;
    await server.send(server.task(w, { round: 2 }));
    await until(() => outcomes.length === 2);
    expect(server.fetches.length).toBe(fetched);
    expect(server.commits.map((c) => c.round)).toEqual([1, 2]);
  });

  it('declines a task for a dataset it does not hold and does no work', async () => {
    const reply = await server.send(server.task(weights(), { dataset: 'mnist' }));
    expect(reply.accepted).toBe(false);
    expect(reply.reason).toContain('"mnist" is not held here');
    await new Promise((r) => setTimeout(r, 100));
    expect(server.fetches).toEqual([]);
    expect(outcomes).toEqual([]);
  });

  it('declines a malformed task with the problems listed', async () => {
    const bad = { ...server.task(weights()), model: { hash: 'xyz' } } as unknown as RoundTask;
    const reply = await server.send(bad);
    expect(reply.accepted).toBe(false);
    expect(reply.reason).toContain('model.hash must be 64 lower-case hex digits');
  });

  it('discards a model whose bytes do not match the announced hash', async () => {
    const task = server.task(weights(), {}, 'f'.repeat(64));
    await server.send(task);
    await until(() => outcomes.length === 1);
    expect(outcomes[0]).toMatchObject({ ok: false, code: 'HASH_MISMATCH' });
    expect(server.commits).toEqual([]);
  });

  it('abandons a task cancelled by round:cancel and uploads nothing', async () => {
    server.fetchDelayMs = 100;
    const task = server.task(weights());
    await server.send(task);
    await until(() => server.fetches.length === 1);
    server.socket!.emit('round:cancel', { taskId: task.taskId, reason: 'round closed' });
    await until(() => outcomes.length === 1);
    expect(outcomes[0]).toMatchObject({ ok: false, code: 'CANCELLED' });
    expect(server.commits).toEqual([]);
    expect(agent.state).toBe('registered');
  });

  it('abandons the task named by a client:error event', async () => {
    server.fetchDelayMs = 100;
    const task = server.task(weights());
    await server.send(task);
    await until(() => server.fetches.length === 1);
    server.socket!.emit('client:error', { code: 'STALE_ROUND', message: 'round moved on', taskId: task.taskId });
    await until(() => outcomes.length === 1);
    expect(outcomes[0]).toMatchObject({ ok: false, code: 'CANCELLED' });
  });

  it('reconnects by itself after a server-side disconnect and re-registers with its identity', async () => {
    // Execute
    server.kick();
    await until(() => server.registrations.length === 2);
    await conn.whenRegistered(5000);
    // Assert
    expect(server.registrations[0].clientId).toBeUndefined();
    expect(server.registrations[1]).toMatchObject({ clientId: 'client-1', name: 'edge-1' });
    expect(server.registrations[1].enrollmentToken).toBeUndefined();
    await server.send(server.task(weights()));
    await until(() => outcomes.length === 1);
    expect(server.commits).toHaveLength(1);
  });

  it('resumes fetching the missing chunks after the connection drops mid-fetch', async () => {
    server.fetchDelayMs = 30;
    const task = server.task(weights());
    await server.send(task);
    await until(() => server.fetches.length === 2);
    server.kick();
    await until(() => outcomes.length === 1, 10_000);
    expect(outcomes[0]).toMatchObject({ ok: true });
    expect(server.commits).toHaveLength(1);
    // Chunk 0 arrived before the drop and was not asked for again.
    expect(server.fetches.filter((i) => i === 0)).toHaveLength(1);
  });
});
