import nacl from 'tweetnacl';
/**
 * Secure aggregation end to end: the real coordinator, real sockets, real
 * crypto, and scripted clients running `@fl/secagg`'s client stages. Every
 * incoming socket message is recorded on the server side (an `onAny`
 * listener on each connection), so the tests can check what the coordinator
 * actually received.
 */
import { ErrorCode, Events, type Ack, type JobView } from '@fl/protocol';
import type { ClientMessage } from '@fl/secagg';
import { ClientSocketsService, type ClientSocket } from '../../apps/coordinator/src/clients/client-sockets.service';
import { startHarness, type Harness } from './support/harness';
import { SecureClient, type SecureScript } from './support/secure-client';

const P = 64;

/** Every binary payload the coordinator receives, from any client. */
function recordIncoming(h: Harness): Buffer[] {
  const seen: Buffer[] = [];
  const svc = h.app.get(ClientSocketsService);
  const connected = svc.connected.bind(svc);
  const walk = (v: unknown, depth = 0): void => {
    if (v instanceof Uint8Array) seen.push(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
    else if (v && typeof v === 'object' && depth < 8) for (const x of Object.values(v)) walk(x, depth + 1);
  };
  svc.connected = (socket: ClientSocket) => {
    socket.onAny((_event: string, ...args: unknown[]) => walk(args));
    connected(socket);
  };
  return seen;
}

const codeOf = (a: Ack): string | undefined => (a.ok ? undefined : a.error.code);

describe('secure aggregation (e2e)', () => {
  let h: Harness;
  let incoming: Buffer[];
  const all: SecureClient[] = [];
  const enrol = async (script: SecureScript) => {
    const c = await SecureClient.enrol(h, { dataset: 'sec', ...script });
    all.push(c);
    return c;
  };
  const job = (over: Record<string, unknown> = {}) =>
    h.createJob({ model: { builtin: 'synthetic', params: P }, dataset: 'sec', rounds: 1, clientsPerRound: 4, minClients: 2, overSelection: 0, roundDeadlineSeconds: 20, waitForClientsSeconds: 20, evaluate: false, secureAggregation: { stageTimeoutSeconds: 5 }, ...over });

  beforeAll(async () => {
    h = await startHarness();
    incoming = recordIncoming(h);
  });
  afterEach(() => {
    for (const c of all.splice(0)) c.close();
  });
  afterAll(async () => {
    await h.close();
  });

  it('aggregates the weighted mean while no payload the coordinator receives reveals an individual update', async () => {
    const specs = [
      { perturbation: 0.1, numExamples: 10 },
      { perturbation: -0.3, numExamples: 30 },
      { perturbation: 0.25, numExamples: 20 },
      { perturbation: 0.05, numExamples: 40 },
    ];
    const clients = await Promise.all(specs.map((s) => enrol(s)));
    const created = await job();
    const x0 = await h.weights(created.modelHash);
    incoming.length = 0;
    await h.startJob(created.id);
    const done = await h.waitJob(created.id, (j) => j.status !== 'running' && j.status !== 'created');
    expect(done.status).toBe('completed');
    const r = done.rounds[0];
    expect(r.secureAggregation).toMatchObject({ threatModel: 'active', stage: null, n: 4, k: 3, t: 3, survivors: 4, dropped: 0 });
    expect(r.participants.sort()).toEqual(clients.map((c) => c.id).sort());

    // The global model moved by the example-weighted mean of the perturbations (up to quantisation).
    const want = specs.reduce((a, s) => a + s.perturbation * s.numExamples, 0) / specs.reduce((a, s) => a + s.numExamples, 0);
    const x1 = await h.weights(done.modelHash);
    for (let i = 0; i < P; i++) expect(x1[i] - x0[i]).toBeCloseTo(want, 5);

    // Nothing received equals, or contains, any client's quantised update or its plaintext weights.
    expect(incoming.length).toBeGreaterThan(0);
    for (const c of clients) {
      const [encoded] = [...c.encoded.values()];
      expect(encoded).toHaveLength(P + 1);
      const q = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
      const plain = Buffer.from(new Float32Array(Array.from(x0, (x) => x + (c.script.perturbation ?? 0))).buffer);
      for (const b of incoming) {
        expect(b.indexOf(q.subarray(0, 32))).toBe(-1);
        expect(b.indexOf(plain.subarray(0, 32))).toBe(-1);
        if (b.byteLength === q.byteLength) {
          // a masked vector: its words agree with the encoding no more often than chance
          const w = new Uint32Array(Uint8Array.from(b).buffer);
          let same = 0;
          for (let i = 0; i < w.length; i++) if (w[i] === encoded[i]) same++;
          expect(same).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('completes with the survivors when a client drops out after sharing keys', async () => {
    const clients = await Promise.all([
      enrol({ perturbation: 0.2, numExamples: 10 }),
      enrol({ perturbation: 0.4, numExamples: 10 }),
      enrol({ perturbation: -0.1, numExamples: 20 }),
      enrol({ perturbation: 9, numExamples: 50, dropAt: 'masked-input' }),
    ]);
    const created = await job();
    const x0 = await h.weights(created.modelHash);
    await h.startJob(created.id);
    const done = await h.waitJob(created.id, (j) => j.status !== 'running' && j.status !== 'created');
    expect(done.status).toBe('completed');
    const r = done.rounds[0];
    expect(r.secureAggregation).toMatchObject({ survivors: 3, dropped: 1 });
    expect(r.participants.sort()).toEqual(clients.slice(0, 3).map((c) => c.id).sort());
    const want = (0.2 * 10 + 0.4 * 10 - 0.1 * 20) / 40; // the dropped client's +9 is not in the sum
    const x1 = await h.weights(done.modelHash);
    for (let i = 0; i < P; i++) expect(x1[i] - x0[i]).toBeCloseTo(want, 5);
  });

  it('fails a round with fewer than t survivors and retries it with a new cohort', async () => {
    await Promise.all([enrol({ dropAt: 'masked-input' }), enrol({ dropAt: 'masked-input' }), enrol({}), enrol({})]);
    const created = await job({ maxRoundRetries: 2 });
    await h.startJob(created.id);
    const failed = await h.waitJob(created.id, (j) => j.rounds.some((r) => r.phase === 'failed'));
    expect(failed.rounds[0].failureReason).toMatch(/BELOW_THRESHOLD/);
    expect(failed.rounds[0].secureAggregation).toMatchObject({ n: 4, t: 3 });
    await Promise.all([enrol({}), enrol({})]); // two fresh clients join the two honest ones
    const done: JobView = await h.waitJob(created.id, (j) => j.status !== 'running');
    expect(done.status).toBe('completed');
    expect(done.rounds.map((r) => [r.attempt, r.phase])).toEqual([
      [1, 'failed'],
      [2, 'done'],
    ]);
    expect(done.rounds[1].secureAggregation).toMatchObject({ survivors: 4, dropped: 0 });
  });

  it('refuses malformed, forged, replayed and out-of-order stage messages, and the round stays correct', async () => {
    const refusals: Record<string, string | undefined> = {};
    let advertised: ClientMessage | null = null;
    const honest = await Promise.all([enrol({ perturbation: 0.1 }), enrol({ perturbation: 0.2 }), enrol({ perturbation: 0.3 })]);
    const mallory = await enrol({
      perturbation: 0.4,
      tamper: async (msg, taskId) => {
        if (msg.stage === 'advertise-keys') advertised = msg;
        if (msg.stage !== 'share-keys') return msg;
        const send = (payload: unknown) => mallory.c.emit(Events.SecAggMessage, payload);
        refusals.malformed = codeOf(await send({ taskId, stage: 'share-keys', message: { runId: msg.runId, round: msg.round } }));
        refusals.garbled = codeOf(await send({ taskId, stage: 'share-keys', message: Buffer.from('SAW1 not really') }));
        refusals.forged = codeOf(await mallory.send(taskId, { ...msg, sender: honest[0].id }));
        refusals.replayed = codeOf(await mallory.send(taskId, advertised!));
        refusals.early = codeOf(await mallory.send(taskId, { runId: msg.runId, round: msg.round, stage: 'consistency-check', sender: mallory.id, signature: new Uint8Array(64) }));
        refusals.wrongRound = codeOf(await mallory.send(taskId, { ...msg, round: msg.round + 1 }));
        refusals.unknownTask = codeOf(await mallory.send('no-such-task', msg));
        return msg; // then behaves
      },
    });
    const created = await job();
    const x0 = await h.weights(created.modelHash);
    await h.startJob(created.id);
    const done = await h.waitJob(created.id, (j) => j.status !== 'running' && j.status !== 'created');
    expect(refusals).toEqual({
      malformed: ErrorCode.BadPayload,
      garbled: ErrorCode.BadPayload,
      forged: ErrorCode.ForgedIdentity,
      replayed: ErrorCode.StageOrder,
      early: ErrorCode.StageOrder,
      wrongRound: ErrorCode.WrongRound,
      unknownTask: ErrorCode.UnknownTask,
    });
    expect(done.status).toBe('completed');
    expect(done.rounds[0].participants).toHaveLength(4);
    const x1 = await h.weights(done.modelHash);
    for (let i = 0; i < P; i++) expect(x1[i] - x0[i]).toBeCloseTo(0.25, 5);
  });

  it('pins the signing key at enrolment: re-identifying with another key, or none, is refused', async () => {
    const a = await enrol({});
    const other = nacl.sign.keyPair();
    expect(codeOf(await a.c.register({ signingKey: Buffer.from(other.publicKey) }))).toBe(ErrorCode.ForgedIdentity);
    expect(codeOf(await a.c.send(await a.c.signedRequest({ signingKey: Buffer.from(other.publicKey) }, undefined, other.secretKey)))).toBe(ErrorCode.ForgedIdentity);
    expect(codeOf(await a.c.register({ signingKey: undefined }))).toBe(ErrorCode.BadPayload);
    expect(codeOf(await a.c.register({}))).toBeUndefined();
    expect(codeOf(await a.c.register({ signingKey: Buffer.alloc(31) }))).toBe(ErrorCode.BadPayload);
  });
});
