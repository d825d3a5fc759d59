import type { RegisterRequest, RoundTask, SecureTaskParams, TaskAcceptReply } from '@fl/protocol';
import type { ModelWeights } from '@fl/fl-core';
import { createQuantizer, decodeWeightedMean } from '@fl/secagg/node';
import { Agent, type TaskOutcome } from '../agent';
import { Connection } from '../connection';
import type { Fields, Log, RoundLine } from '../log';
import { EchoTrainer } from '../trainers/echo-trainer';
import { ephemeralIdentity, type SigningIdentity } from './identity';
import { updateDelta } from './secure-update';
import { SecAggHub } from './testing/hub';
import { until } from '../testing/until';
import { FAKE_ENROLL_TOKEN, FakeSocketServer, answerAuth, registered, type FakeSocket as S } from '../testing/fake-coordinator';

/** A coordinator that runs one secure round over socket.io with the in-process SecAgg server. */
class SecureCoordinator extends FakeSocketServer {
  readonly registrations = new Map<string, RegisterRequest>();
  readonly sockets = new Map<string, S>();
  commits = 0;
  hub: SecAggHub | null = null;
  private next = 1;

  constructor() {
    super();
    this.io.on('connection', (s: S) => {
      let id = '';
      answerAuth(s, (req) => {
        id = req.clientId ?? `c${this.next++}`;
        this.registrations.set(id, req);
        this.sockets.set(id, s);
        return registered(id, { maxChunkBytes: this.chunkBytes, numExamples: req.dataset.numExamples }); // counted as declared (below any cap)
      });
      s.on('model:fetch', (req, ack) => ack(this.chunkOf(req.hash, req.index)!));
      s.on('update:chunk', (req, ack) => ack(this.hub!.onChunk(id, req)));
      s.on('secagg:message', (req, ack) => ack(this.hub!.onSubmit(id, req)));
      s.on('update:commit', (_req, ack) => {
        this.commits++;
        ack({ ok: false, error: { code: 'WRONG_PATH', message: 'secure round' } });
      });
    });
  }

  task(id: string, w: ModelWeights, secure: SecureTaskParams, seed: number): RoundTask {
    return this.taskFor(`task-${id}`, w, { seed, secure });
  }

  send(id: string, task: RoundTask): Promise<TaskAcceptReply> {
    return new Promise((resolve) => this.sockets.get(id)!.emit('round:task', task, resolve));
  }
}

interface Edge {
  identity: SigningIdentity;
  conn: Connection;
  agent: Agent;
  outcomes: TaskOutcome[];
  rounds: RoundLine[];
  lines: Array<{ event: string; fields?: Fields }>;
  examples: number;
  /** The honest ring words the agent encoded, per task (recorded by its `secureWords` hook). */
  encoded: Uint32Array[];
  /** Words to mask instead (an attacking member); default: the honest ones. */
  choose?: (honest: Uint32Array) => Uint32Array;
}

const weights = (): ModelWeights => ({
  layout: [
    { name: 'dense/kernel', shape: [10, 5] },
    { name: 'dense/bias', shape: [5] },
  ],
  data: Float32Array.from({ length: 55 }, (_, i) => Math.sin(i)),
});


describe('Agent in a secure round', () => {
  let server: SecureCoordinator;
  let edges: Edge[];

  beforeEach(async () => {
    server = new SecureCoordinator();
    const url = await server.listen();
    edges = [];
    for (const examples of [100, 300, 600]) {
      const identity = ephemeralIdentity();
      const lines: Edge['lines'] = [];
      const rounds: RoundLine[] = [];
      const log: Log = { info: (event, _m, fields) => lines.push({ event, fields }), warn: (event, _m, fields) => lines.push({ event, fields }), round: (r) => rounds.push(r) };
      const registration = { name: `edge-${examples}`, dataset: { name: 'synthetic', numExamples: examples }, backend: 'none' as const };
      const conn = new Connection({ url, log, registration, identity, enrollToken: FAKE_ENROLL_TOKEN, reconnectionDelay: 50, reconnectionDelayMax: 100 });
      const edge = { identity, conn, outcomes: [] as TaskOutcome[], rounds, lines, examples, encoded: [] as Uint32Array[] } as Edge;
      const secureWords = (honest: Uint32Array): Uint32Array => {
        edge.encoded.push(honest.slice());
        return edge.choose ? edge.choose(honest) : honest;
      };
      edge.agent = new Agent({ connection: conn, trainer: new EchoTrainer({ name: 'synthetic', numExamples: examples }), log, echo: true, identity, secureWords });
      edge.agent.onTaskDone((o) => edge.outcomes.push(o));
      conn.start();
      await conn.whenRegistered(5000);
      edges.push(edge);
    }
  });

  afterEach(async () => {
    for (const e of edges) e.conn.close();
    await server.close();
  });

  it('registers its signing key, trains, masks and completes the round; the unmasked sum decodes to the weighted mean of the deltas', async () => {
    // Prepare
    const ids = edges.map((e) => e.conn.clientId!);
    for (const [i, id] of ids.entries()) {
      const key = server.registrations.get(id)!.signingKey!;
      expect(Buffer.isBuffer(key)).toBe(true);
      expect(Buffer.from(key)).toEqual(Buffer.from(edges[i].identity.publicKey));
    }
    const w = weights();
    const secure: SecureTaskParams = { threatModel: 'active', clip: 0.01, bits: 24, nMax: 8, weightCap: 1000, vectorLength: w.data.length + 1 };
    const hub = new SecAggHub({ participants: ids, vectorLength: secure.vectorLength, signingKeys: Object.fromEntries(ids.map((id) => [id, server.registrations.get(id)!.signingKey!])) });
    hub.deliver = (id, req) => server.sockets.get(id)!.emit('secagg:request', req);
    server.hub = hub;
    // Execute
    const replies = await Promise.all(ids.map((id, i) => server.send(id, server.task(id, w, secure, i + 1))));
    hub.begin();
    const outcome = await hub.outcome;
    await until(() => edges.every((e) => e.outcomes.length === 1), 10_000);
    // Assert
    expect(replies).toEqual(ids.map((_, i) => ({ accepted: true, numExamples: edges[i].examples }))); // the weight's example count, declared in plain text on accepting
    expect(hub.refused).toEqual([]);
    expect(server.commits).toBe(0);
    expect(outcome.kind).toBe('done');
    if (outcome.kind !== 'done') return;
    const { mean } = decodeWeightedMean(outcome.result.sum, ids.length, createQuantizer(secure.clip, secure.nMax, secure.bits));
    const deltas = await Promise.all(
      edges.map(async (e, i) => updateDelta(w, (await new EchoTrainer({ name: 'synthetic', numExamples: e.examples }).train({ seed: i + 1 } as RoundTask, w)).weights)),
    );
    const total = edges.reduce((s, e) => s + e.examples, 0);
    for (let j = 0; j < w.data.length; j++) {
      const fedAvg = deltas.reduce((s, d, i) => s + edges[i].examples * d[j], 0) / total;
      expect(Math.abs(mean[j] - fedAvg)).toBeLessThan(1e-6);
    }
    for (const e of edges) {
      expect(e.outcomes[0]).toMatchObject({ ok: true, kind: 'train', round: 1 });
      expect(e.rounds).toEqual([expect.objectContaining({ kind: 'train', round: 1, examples: e.examples })]);
      const stats = e.lines.find((l) => l.event === 'secagg_round')!.fields!;
      expect(stats).toMatchObject({ round: 1, outcome: 'done', n: 3, k: 2, t: 3, clipFraction: 0, stages: ['advertise-keys', 'share-keys', 'masked-input', 'consistency-check', 'unmask'] });
      expect(stats.maskCpuSeconds).toEqual(expect.any(Number));
      expect(e.agent.state).toBe('registered');
    }
  });

  it('masks the words its secureWords hook chooses (an attacking member): the unmasked sum is the others\' words plus the chosen ones', async () => {
    // Prepare: edge 0 masks words of its choosing; the others stay honest.
    const ids = edges.map((e) => e.conn.clientId!);
    const w = weights();
    const secure: SecureTaskParams = { threatModel: 'active', clip: 0.01, bits: 24, nMax: 8, weightCap: 1000, vectorLength: w.data.length + 1 };
    const chosen = Uint32Array.from({ length: secure.vectorLength }, (_, j) => 1000 + j);
    edges[0].choose = () => chosen;
    const hub = new SecAggHub({ participants: ids, vectorLength: secure.vectorLength, signingKeys: Object.fromEntries(ids.map((id) => [id, server.registrations.get(id)!.signingKey!])) });
    hub.deliver = (id, req) => server.sockets.get(id)!.emit('secagg:request', req);
    server.hub = hub;
    // Execute
    await Promise.all(ids.map((id, i) => server.send(id, server.task(id, w, secure, i + 1))));
    hub.begin();
    const outcome = await hub.outcome;
    await until(() => edges.every((e) => e.outcomes.length === 1), 10_000);
    // Assert
    expect(outcome.kind).toBe('done');
    if (outcome.kind !== 'done') return;
    expect(edges.map((e) => e.outcomes[0].ok)).toEqual([true, true, true]);
    expect(edges.map((e) => e.encoded.length)).toEqual([1, 1, 1]);
    const want = Uint32Array.from(chosen, (c, j) => (c + edges[1].encoded[0][j] + edges[2].encoded[0][j]) % 2 ** 32);
    expect(Array.from(outcome.result.sum)).toEqual(Array.from(want));
  });
});
