import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RoundTask, SecureTaskParams } from '@fl/protocol';
import { packMessage, unpackMessage, type ServerMessage, type UnmaskRequest, type ShareKeysRequest } from '@fl/secagg/node';
import { ClientError } from '../errors';
import type { Fields, Log } from '../log';
import { ephemeralIdentity, loadIdentity, type SigningIdentity } from './identity';
import type { SecureUpdate } from './secure-update';
import { SecAggDriver, type SecAggTransport, type SecureRound, type SecureTask } from './stage-driver';
import { SecAggHub, ringSum } from './testing/hub';
import { until } from '../testing/until';

const P = 300;
const L = P + 1;

interface Line {
  level: string;
  event: string;
  message: string;
  fields?: Fields;
}

function recordingLog(lines: Line[]): Log {
  return {
    info: (event, message, fields) => lines.push({ level: 'info', event, message, fields }),
    warn: (event, message, fields) => lines.push({ level: 'warn', event, message, fields }),
    debug: (event, message, fields) => lines.push({ level: 'debug', event, message, fields }),
    round: () => {},
  };
}

const secure = (over: Partial<SecureTaskParams> = {}): SecureTaskParams => ({ threatModel: 'active', clip: 1, bits: 24, nMax: 8, weightCap: 100, vectorLength: L, ...over });

function task(id: string, over: Partial<RoundTask> = {}, params: Partial<SecureTaskParams> = {}): SecureTask {
  return {
    taskId: `task-${id}`,
    kind: 'train',
    jobId: 'job-1',
    round: 1,
    attempt: 1,
    dataset: 'synthetic',
    model: { hash: 'a'.repeat(64), bytes: 4 * P, chunkBytes: 4 * P, chunks: 1, layout: [{ name: 'w', shape: [P] }], topology: null },
    hyper: { localEpochs: 1, batchSize: 32, learningRate: 0.1, proximalMu: 0 },
    seed: 1,
    deadline: Date.now() + 30_000,
    secure: secure(params),
    ...over,
  } as SecureTask;
}

const update = (seed: number): SecureUpdate => ({
  values: new Uint32Array(randomBytes(4 * L).buffer.slice(0)),
  numExamples: 10 + seed,
  metrics: { loss: 0.5, accuracy: 0.5, examplesProcessed: 10 + seed, seconds: 0.1 },
  clipFraction: 0.01 * seed,
  weight: 0.5,
});

/** One edge client: its driver, its fake connection (into the hub) and everything it sent. */
interface Client {
  id: string;
  identity: SigningIdentity;
  driver: SecAggDriver;
  round: SecureRound;
  abort: AbortController;
  sent: Array<{ event: string; payload: Record<string, unknown> }>;
  lines: Line[];
  update: SecureUpdate;
}

function fakeConnection(hub: () => SecAggHub, id: string, sent: Client['sent']): SecAggTransport {
  const request = async (event: string, payload: Record<string, unknown>) => {
    sent.push({ event, payload });
    await new Promise((r) => setImmediate(r));
    const ack = event === 'update:chunk' ? hub().onChunk(id, payload as never) : event === 'secagg:message' ? hub().onSubmit(id, payload) : null;
    if (!ack) throw new Error(`unexpected ${event}`);
    if (!ack.ok) throw new ClientError(ack.error.code, `${event} refused: ${ack.error.code} ${ack.error.message}`);
    return ack;
  };
  return { clientId: id, maxChunkBytes: 256, isRegistered: true, whenRegistered: async () => {}, request: request as unknown as SecAggTransport['request'] };
}

/** n clients with drivers, and a hub over their registered keys; clients supply their update at once unless `late`. */
interface SetupOptions {
  threatModel?: 'active' | 'semi-honest';
  /** Clients that do not supply their update at once. */
  late?: string[];
  taskOver?: Partial<RoundTask>;
  /** Threshold of the round config (default ⌊2n/3⌋ + 1). */
  t?: number;
  identities?: Record<string, SigningIdentity>;
  /** The connections learn their client id only after the task began (registration ack after the task). */
  clientIdLater?: boolean;
  onSent?: (id: string, stage: string) => void;
  allowSemiHonest?: boolean;
}

function setup(ids: string[], o: SetupOptions = {}) {
  let hub: SecAggHub | null = null;
  const clients: Client[] = ids.map((id, i) => {
    const sent: Client['sent'] = [];
    const lines: Line[] = [];
    const identity = o.identities?.[id] ?? ephemeralIdentity();
    const connection = fakeConnection(() => hub!, id, sent);
    if (o.clientIdLater) connection.clientId = null;
    const driver = new SecAggDriver({ connection, log: recordingLog(lines), identity, graceMs: 5_000, onSent: (stage) => o.onSent?.(id, stage), allowSemiHonest: o.allowSemiHonest });
    const abort = new AbortController();
    const round = driver.begin(task(id, o.taskOver, { threatModel: o.threatModel ?? 'active' }), abort.signal);
    connection.clientId = id;
    return { id, identity, driver, round, abort, sent, lines, update: update(i) };
  });
  hub = new SecAggHub({
    participants: ids,
    vectorLength: L,
    threatModel: o.threatModel ?? 'active',
    signingKeys: Object.fromEntries(clients.map((c) => [c.id, c.identity.publicKey])),
    t: o.t,
    k: o.t === undefined ? undefined : ids.length - 1,
  });
  const byId = new Map(clients.map((c) => [c.id, c]));
  hub.deliver = (id, req) => byId.get(id)!.driver.onRequest(req);
  for (const c of clients) if (!o.late?.includes(c.id)) c.round.supply(c.update);
  return { hub, clients, byId };
}


const stagesSent = (c: Client): string[] => c.sent.filter((s) => s.event === 'secagg:message').map((s) => s.payload.stage as string);
/** A request as on the wire: the stage message packed into one Buffer. */
const request = (taskId: string, message: Record<string, unknown>) => ({ taskId, stage: message.stage, message: Buffer.from(packMessage(message)) });
const events = (c: Client, event: string): Line[] => c.lines.filter((l) => l.event === event);

describe(SecAggDriver.name, () => {
  it('runs an active round with 4 clients: the unmasked sum is the sum of their encoded vectors mod 2^32', async () => {
    // Prepare
    const { hub, clients } = setup(['c1', 'c2', 'c3', 'c4']);
    // Execute
    hub.begin();
    const outcome = await hub.outcome;
    const stats = await Promise.all(clients.map((c) => c.round.done));
    // Assert
    expect(outcome.kind).toBe('done');
    if (outcome.kind !== 'done') return;
    expect(outcome.result.survivors).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(Array.from(outcome.result.sum)).toEqual(Array.from(ringSum(clients.map((c) => c.update.values), L)));
    expect(hub.refused).toEqual([]);
    for (const [i, c] of clients.entries()) {
      expect(stagesSent(c)).toEqual(['advertise-keys', 'share-keys', 'masked-input', 'consistency-check', 'unmask']);
      const chunks = c.sent.filter((s) => s.event === 'update:chunk');
      expect(chunks).toHaveLength(Math.ceil((4 * L) / 256));
      expect(chunks.every((s) => Buffer.isBuffer(s.payload.data))).toBe(true);
      const masked = c.sent.find((s) => s.event === 'secagg:message' && s.payload.stage === 'masked-input')!.payload;
      expect(masked).toMatchObject({ taskId: `task-${c.id}`, stage: 'masked-input', numExamples: c.update.numExamples, metrics: c.update.metrics, clipFraction: c.update.clipFraction });
      expect(Buffer.isBuffer(masked.message)).toBe(true);
      expect(unpackMessage(masked.message as Uint8Array)).not.toHaveProperty('masked');
      // The masked-input message follows its chunks.
      const order = c.sent.map((s) => s.event);
      expect(order.lastIndexOf('update:chunk')).toBeLessThan(order.indexOf('secagg:message', order.indexOf('update:chunk')));
      expect(stats[i]).toMatchObject({ taskId: `task-${c.id}`, round: 1, k: 3, t: 3, n: 4, clipFraction: c.update.clipFraction, outcome: 'done' });
      // Masking and four stages of key agreement, signatures and sharing each take some CPU.
      expect(stats[i].maskCpuSeconds).toBeGreaterThan(0);
      expect(stats[i].keyAgreementCpuSeconds).toBeGreaterThan(0);
      const [line] = events(c, 'secagg_round');
      expect(line.fields).toEqual(stats[i]);
      expect(line.message).toContain('k 3, t 3');
      expect(c.round.closed).toBe(true);
    }
  });

  it('refuses a semi-honest round by default (a coordinator cannot downgrade the threat model)', async () => {
    const { hub, clients } = setup(['a', 'b', 'c'], { threatModel: 'semi-honest' });
    hub.begin();
    await Promise.all(clients.map((c) => c.round.done.catch(() => undefined)));
    for (const c of clients) expect(c.lines.find((l) => l.event === 'secagg_refused')).toMatchObject({ fields: expect.objectContaining({ code: 'WEAK_PARAMS' }) });
  });

  it('runs a semi-honest round (no consistency check) with 3 clients that allow it', async () => {
    const { hub, clients } = setup(['a', 'b', 'c'], { threatModel: 'semi-honest', allowSemiHonest: true });
    hub.begin();
    const outcome = await hub.outcome;
    await Promise.all(clients.map((c) => c.round.done));
    expect(outcome.kind === 'done' && Array.from(outcome.result.sum)).toEqual(Array.from(ringSum(clients.map((c) => c.update.values), L)));
    expect(stagesSent(clients[0])).toEqual(['advertise-keys', 'share-keys', 'masked-input', 'unmask']);
  });

  it('reports each acknowledged answer to onSent (fault injection hook), in stage order', async () => {
    const seen: string[] = [];
    const { hub, clients } = setup(['c1', 'c2', 'c3'], { onSent: (id, stage) => id === 'c2' && seen.push(stage) });
    hub.begin();
    await Promise.all(clients.map((c) => c.round.done));
    expect(seen).toEqual(['advertise-keys', 'share-keys', 'masked-input', 'consistency-check', 'unmask']);
  });

  it('takes its client id from the connection at the first request, not when the task arrives', async () => {
    const { hub, clients } = setup(['c1', 'c2', 'c3'], { clientIdLater: true });
    hub.begin();
    expect((await hub.outcome).kind).toBe('done');
    await Promise.all(clients.map((c) => c.round.done));
  });

  it('holds a masked-input request that arrives before training finished until the update is supplied', async () => {
    // Prepare
    const { hub, clients, byId } = setup(['c1', 'c2', 'c3'], { late: ['c2'] });
    const late = byId.get('c2')!;
    // Execute
    hub.begin();
    await until(() => hub.stage === 'masked-input' && ['c1', 'c3'].every((id) => stagesSent(byId.get(id)!).includes('masked-input')));
    await new Promise((r) => setTimeout(r, 50));
    // Assert: c2 has its request, but waits
    expect(hub.requests).toContainEqual({ id: 'c2', stage: 'masked-input' });
    expect(stagesSent(late)).toEqual(['advertise-keys', 'share-keys']);
    expect(late.sent.some((s) => s.event === 'update:chunk')).toBe(false);
    late.round.supply(late.update);
    const outcome = await hub.outcome;
    await Promise.all(clients.map((c) => c.round.done));
    expect(outcome.kind === 'done' && Array.from(outcome.result.sum)).toEqual(Array.from(ringSum(clients.map((c) => c.update.values), L)));
  });

  it('gives up waiting for the update at the task deadline and sends nothing for masked-input', async () => {
    const { hub, byId } = setup(['c1', 'c2', 'c3'], { late: ['c1'], taskOver: { deadline: Date.now() + 400 } });
    const c1 = byId.get('c1')!;
    hub.begin();
    await expect(c1.round.done).rejects.toMatchObject({ code: 'DEADLINE_PASSED' });
    expect(stagesSent(c1)).toEqual(['advertise-keys', 'share-keys']);
    expect(c1.sent.some((s) => s.event === 'update:chunk')).toBe(false);
    expect(events(c1, 'secagg_round')[0].fields).toMatchObject({ outcome: 'DEADLINE_PASSED', maskCpuSeconds: null });
  });

  it('refuses a share-keys request carrying a forged signature (BAD_SIGNATURE): logs it, sends nothing more; the others finish without it', async () => {
    // Prepare
    const { hub, clients, byId } = setup(['c1', 'c2', 'c3', 'c4']);
    hub.tamper = (id, msg) => {
      if (id !== 'c1' || msg.stage !== 'share-keys') return msg;
      const keys = (msg as ShareKeysRequest).keys.map((k) => (k.id === 'c3' ? { ...k, signature: Uint8Array.from(k.signature!, (b, i) => (i === 0 ? b ^ 1 : b)) } : k));
      return { ...msg, keys } as ServerMessage;
    };
    const c1 = byId.get('c1')!;
    // Execute
    hub.begin();
    await expect(c1.round.done).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
    await until(() => hub.stage === 'share-keys' && hub.pending.join() === 'c1');
    hub.closeStage(); // c1 dropped out of share-keys
    const outcome = await hub.outcome;
    // Assert
    expect(stagesSent(c1)).toEqual(['advertise-keys']);
    expect(c1.lines.filter((l) => l.level === 'warn')).toEqual([
      expect.objectContaining({ event: 'secagg_refused', fields: expect.objectContaining({ code: 'BAD_SIGNATURE', stage: 'share-keys', taskId: 'task-c1' }) }),
    ]);
    expect(c1.round.alreadyLogged(c1.round.failure)).toBe(true);
    expect(outcome.kind === 'done' && outcome.result.survivors).toEqual(['c2', 'c3', 'c4']);
    expect(outcome.kind === 'done' && Array.from(outcome.result.sum)).toEqual(Array.from(ringSum(clients.slice(1).map((c) => c.update.values), L)));
    // Nothing for c1 after the refusal, even when asked again.
    c1.driver.onRequest(request('task-c1', { runId: 'job-1/a1', round: 1, stage: 'masked-input', ciphertexts: [] }));
    await new Promise((r) => setTimeout(r, 20));
    expect(c1.sent.filter((s) => s.event === 'secagg:message')).toHaveLength(1);
  });

  it('refuses an unmask request that asks for both shares of one peer (UNMASK_REFUSED) and sends no shares', async () => {
    const { hub, byId } = setup(['c1', 'c2', 'c3', 'c4']);
    hub.tamper = (id, msg) => (id === 'c2' && msg.stage === 'unmask' ? ({ ...msg, sOf: [(msg as UnmaskRequest).bOf[0]] } as ServerMessage) : msg);
    const c2 = byId.get('c2')!;
    hub.begin();
    await expect(c2.round.done).rejects.toMatchObject({ code: 'UNMASK_REFUSED' });
    expect(stagesSent(c2)).toEqual(['advertise-keys', 'share-keys', 'masked-input', 'consistency-check']);
    expect(events(c2, 'secagg_refused')[0].fields).toMatchObject({ code: 'UNMASK_REFUSED', stage: 'unmask' });
  });

  it('refuses an out-of-order request (unmask before anything) with STAGE_ORDER and sends nothing', async () => {
    const { byId } = setup(['c1', 'c2', 'c3']);
    const c1 = byId.get('c1')!;
    c1.driver.onRequest(request('task-c1', { runId: 'job-1/a1', round: 1, stage: 'unmask', survivors: [], bOf: [], sOf: [] }));
    await expect(c1.round.done).rejects.toMatchObject({ code: 'STAGE_ORDER' });
    expect(c1.sent).toEqual([]);
  });

  it('refuses a masked-input request before advertise-keys at once, without waiting for training', async () => {
    const { byId } = setup(['c1', 'c2', 'c3'], { late: ['c1'] });
    const c1 = byId.get('c1')!;
    c1.driver.onRequest(request('task-c1', { runId: 'job-1/a1', round: 1, stage: 'masked-input', ciphertexts: [] }));
    await expect(c1.round.done).rejects.toMatchObject({ code: 'STAGE_ORDER' });
    expect(c1.sent).toEqual([]);
  });

  it('ignores (debug log) a request for a task that is not the current one, and goes on with the current task', async () => {
    // Prepare
    const { hub, clients, byId } = setup(['c1', 'c2', 'c3']);
    const c1 = byId.get('c1')!;
    // Execute
    c1.driver.onRequest(request('task-old', { runId: 'job-1/a0', round: 1, stage: 'advertise-keys', config: {} }));
    await new Promise((r) => setTimeout(r, 20));
    // Assert
    expect(c1.sent).toEqual([]);
    expect(c1.round.closed).toBe(false);
    expect(events(c1, 'secagg_ignored')).toEqual([expect.objectContaining({ level: 'debug', fields: { taskId: 'task-old', stage: 'advertise-keys' } })]);
    hub.begin();
    expect((await hub.outcome).kind).toBe('done');
    await Promise.all(clients.map((c) => c.round.done));
  });

  it.each([
    ['an envelope without binary message', { taskId: 'task-c1', stage: 'advertise-keys', message: 'hello' }],
    ['a message that is not packed', { taskId: 'task-c1', stage: 'advertise-keys', message: Buffer.from('not a packed message') }],
    ['an envelope naming another stage than its message', { ...request('task-c1', { runId: 'job-1/a1', round: 1, stage: 'share-keys', keys: [] }), stage: 'advertise-keys' }],
  ])('abandons the round for a malformed request naming the current task: %s (BAD_PAYLOAD)', async (_what, raw) => {
    const { byId } = setup(['c1', 'c2', 'c3']);
    const c1 = byId.get('c1')!;
    c1.driver.onRequest(raw);
    await expect(c1.round.done).rejects.toMatchObject({ code: 'BAD_PAYLOAD' });
    expect(events(c1, 'secagg_refused')).toHaveLength(1);
    expect(c1.sent).toEqual([]);
  });

  it('abandons the round when the task is cancelled: the waiting masked-input request is dropped and nothing more is sent', async () => {
    // Prepare: c1 trains slowly, so its masked-input request waits
    const { hub, byId } = setup(['c1', 'c2', 'c3'], { late: ['c1'] });
    const c1 = byId.get('c1')!;
    hub.begin();
    await until(() => hub.requests.some((r) => r.id === 'c1' && r.stage === 'masked-input') && stagesSent(c1).length === 2);
    await new Promise((r) => setTimeout(r, 20));
    // Execute
    c1.abort.abort();
    c1.round.supply(c1.update); // too late: ignored
    // Assert
    await expect(c1.round.done).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(c1.round.signal.aborted).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(stagesSent(c1)).toEqual(['advertise-keys', 'share-keys']);
    expect(c1.sent.some((s) => s.event === 'update:chunk')).toBe(false);
    c1.driver.onRequest(request('task-c1', { runId: 'job-1/a1', round: 1, stage: 'consistency-check', survivors: [] }));
    expect(events(c1, 'secagg_ignored').map((l) => l.fields?.stage)).toEqual(['consistency-check']);
  });

  it('refuses a config weaker than its policy (WEAK_PARAMS) at advertise-keys and sends nothing', async () => {
    // n = 5 on the complete graph: valid for t ≥ 3, but the default policy (γ = 0.05) needs t ≥ 4.
    const { hub, clients } = setup(['c1', 'c2', 'c3', 'c4', 'c5'], { t: 3 });
    hub.begin();
    for (const c of clients) {
      await expect(c.round.done).rejects.toMatchObject({ code: 'WEAK_PARAMS' });
      expect(c.sent).toEqual([]);
      expect(events(c, 'secagg_refused')[0].fields).toMatchObject({ code: 'WEAK_PARAMS', stage: 'advertise-keys' });
    }
  });

  describe('peer key pins', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fl-pins-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('pins the peers\' keys on first use, saves them in the identity file, and refuses a later config that substitutes one (BAD_KEY)', async () => {
      // Prepare: round 1 with c1's identity kept in a file
      const file = join(dir, 'c1.json');
      const first = setup(['c1', 'c2', 'c3'], { identities: { c1: loadIdentity(file) } });
      first.hub.begin();
      await Promise.all(first.clients.map((c) => c.round.done));
      const c1 = first.byId.get('c1')!;
      const pinned = JSON.parse(readFileSync(file, 'utf8')).pins;
      expect(Object.keys(pinned).sort()).toEqual(['c2', 'c3']);
      expect(loadIdentity(file).pins.get('c3')).toEqual(first.byId.get('c3')!.identity.publicKey);
      // Execute: round 2, the coordinator hands out another key for c3
      const round2 = c1.driver.begin(task('c1', { taskId: 'task-c1-r2', round: 2 }), new AbortController().signal);
      round2.supply(c1.update);
      const keys = Object.fromEntries(first.clients.map((c) => [c.id, c.id === 'c3' ? ephemeralIdentity().publicKey : c.identity.publicKey]));
      const hub2 = new SecAggHub({ participants: ['c1', 'c2', 'c3'], vectorLength: L, signingKeys: keys, round: 2, runId: 'job-1/r2', taskIdOf: (id) => `task-${id}-r2` });
      hub2.deliver = (id, req) => first.byId.get(id)!.driver.onRequest(req);
      const sentBefore = c1.sent.length;
      hub2.begin();
      // Assert
      await expect(round2.done).rejects.toMatchObject({ code: 'BAD_KEY' });
      expect(c1.sent.length).toBe(sentBefore);
      expect(events(c1, 'secagg_refused').at(-1)!.fields).toMatchObject({ code: 'BAD_KEY', stage: 'advertise-keys', taskId: 'task-c1-r2' });
    });
  });

  it('abandons the previous round when a new task begins', async () => {
    const { byId } = setup(['c1', 'c2', 'c3']);
    const c1 = byId.get('c1')!;
    const next = c1.driver.begin(task('c1', { taskId: 'task-c1-r2', round: 2 }), new AbortController().signal);
    await expect(c1.round.done).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(c1.driver.round).toBe(next);
    expect(next.closed).toBe(false);
  });
});
