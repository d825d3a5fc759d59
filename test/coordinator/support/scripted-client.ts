/**
 * @module test/coordinator/support/scripted-client
 * A real socket.io-client edge client driven by a script, for e2e tests: it
 * enrolls like the edge client does (an enrollment token made over REST, an
 * Ed25519 key, a signed server challenge; docs/enrollment.md), answers `round:task`, fetches the model chunk by chunk, "trains"
 * by echoing the global weights plus a perturbation, uploads in chunks and
 * commits. Lower-level steps (`fetchModel`, `upload`, `commit`, `emit`) let a
 * test misbehave on purpose. It is not a mock of the coordinator: every
 * message crosses a real socket to the real app.
 */
import { io, type Socket } from 'socket.io-client';
import nacl from 'tweetnacl';
import { deserializeWeights, serializeWeights, splitChunks } from '@fl/fl-core';
import {
  Events,
  PROTOCOL_VERSION,
  authTranscript,
  enrollmentTokenId,
  type HelloReply,
  SOCKET_PATH,
  type Ack,
  type ClientToServerEvents,
  type ProtocolError,
  type RegisterReply,
  type RegisterRequest,
  type RoundTask,
  type ServerToClientEvents,
  type TaskAcceptReply,
  type TaskCancel,
} from '@fl/protocol';

export interface ClientScript {
  name?: string;
  /** `maxExamples` of the enrollment token {@link ScriptedClient.enrol} creates (default: the coordinator's). */
  maxExamples?: number;
  dataset?: string;
  numExamples?: number;
  /** Answer to a task offer; default accept. 'silent' never answers. */
  answer?: (task: RoundTask) => TaskAcceptReply | 'silent';
  /** Automatically work on accepted tasks (default true). */
  auto?: boolean;
  /** x_k from x_t; default x_t + perturbation. */
  train?: (global: Float32Array, task: RoundTask) => Float32Array;
  /** Constant added to every weight by the default `train`. */
  perturbation?: number;
  /** Extra `update:commit` fields for a task, from x_t (e.g. a DP client's `unclipped` bit). */
  commitExtra?: (global: Float32Array, task: RoundTask) => Record<string, unknown>;
  /** Simulated training time, ms. */
  trainMs?: number;
  /** Upload chunk size (default: the model's chunk size). */
  uploadChunkBytes?: number;
  /** The `eval:result` sent (default loss 0.5, accuracy 0.8); `metrics`: extra metrics, sent as given. */
  evalMetrics?: { loss: number; accuracy: number; numExamples: number; metrics?: Record<string, unknown> };
  trainMetrics?: { loss: number; accuracy: number };
}

/** What enrolling needs of the harness: its URL and REST helper (which creates the enrollment token). */
export interface EnrolHost {
  url: string;
  rest<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

/** Creates an enrollment token over REST; returns its secret. */
export async function enrollmentToken(h: EnrolHost, body: Record<string, unknown> = {}): Promise<string> {
  const r = await h.rest<{ secret: string }>('POST', '/enrollment-tokens', body);
  if (r.status !== 201) throw new Error(`POST /enrollment-tokens → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.secret;
}

export function toBuffer(u8: Uint8Array): Buffer {
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

export class ScriptedClient {
  readonly tasks: RoundTask[] = [];
  readonly cancels: TaskCancel[] = [];
  readonly errors: ProtocolError[] = [];
  readonly commitAcks: Ack[] = [];
  readonly evalAcks: Ack[] = [];
  /** The Ed25519 key pair it authenticates with. */
  keys = nacl.sign.keyPair();
  clientId = '';
  coordinatorId = '';
  bulkCredential = '';
  disconnected = false;
  disconnectReason = '';

  private constructor(
    readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>,
    readonly script: ClientScript,
  ) {
    socket.on(Events.Task, (task, ack) => {
      this.tasks.push(task);
      const answer = script.answer ? script.answer(task) : { accepted: true };
      if (answer === 'silent') return;
      ack(answer);
      if (answer.accepted && script.auto !== false) setImmediate(() => void this.work(task).catch(() => undefined));
    });
    socket.on(Events.TaskCancel, (m) => this.cancels.push(m));
    socket.on(Events.ClientError, (e) => this.errors.push(e));
    socket.on('disconnect', (reason) => {
      this.disconnected = true;
      this.disconnectReason = reason;
    });
  }

  static async connect(url: string, script: ClientScript = {}): Promise<ScriptedClient> {
    const socket = io(url, { path: SOCKET_PATH, transports: ['websocket'], reconnection: false, forceNew: true }) as Socket<ServerToClientEvents, ClientToServerEvents>;
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return new ScriptedClient(socket, script);
  }

  /** Creates a single-use enrollment token over REST, connects and enrolls with it. */
  static async enrol(h: EnrolHost, script: ClientScript = {}): Promise<ScriptedClient> {
    const token = await enrollmentToken(h, script.maxExamples !== undefined ? { maxExamples: script.maxExamples } : {});
    const c = await ScriptedClient.connect(h.url, script);
    const r = await c.register({ enrollmentToken: token });
    if (!r.ok) throw new Error(`register failed: ${r.error.code} ${r.error.message}`);
    return c;
  }

  /** Emits with an ack and a timeout. */
  emit<T extends object>(event: keyof ClientToServerEvents, payload: unknown, ms = 10000): Promise<Ack<T>> {
    return new Promise((resolve, reject) => {
      (this.socket.timeout(ms) as unknown as { emit(e: string, p: unknown, cb: (err: Error | null, r: Ack<T>) => void): void }).emit(event, payload, (err, r) => (err ? reject(err) : resolve(r)));
    });
  }

  /** Asks for a fresh challenge. */
  async hello(): Promise<HelloReply> {
    const r = await this.emit<HelloReply>(Events.Hello, {});
    if (!r.ok) throw Object.assign(new Error(`client:hello refused: ${r.error.code} ${r.error.message}`), { code: r.error.code });
    return r;
  }

  /**
   * A signed `client:register` over `challenge` (asked for with {@link hello}
   * when not given): re-authenticates as `clientId` once enrolled, else
   * enrolls with `extra.enrollmentToken`. `extra` overrides any field after
   * signing (to forge on purpose); `sign` picks the key that signs.
   */
  async signedRequest(extra: Partial<RegisterRequest> = {}, challenge?: HelloReply, sign = this.keys.secretKey): Promise<RegisterRequest> {
    const c = challenge ?? (await this.hello());
    const who: Partial<RegisterRequest> = extra.enrollmentToken !== undefined ? { enrollmentToken: extra.enrollmentToken } : this.clientId ? { clientId: this.clientId } : {};
    const req: RegisterRequest = {
      protocolVersion: PROTOCOL_VERSION,
      name: this.script.name ?? 'scripted',
      dataset: { name: this.script.dataset ?? 'synth', numExamples: this.script.numExamples ?? 10 },
      backend: 'none',
      signingKey: toBuffer(this.keys.publicKey),
      signature: Buffer.alloc(64),
      ...who,
    };
    const t = authTranscript({
      challenge: new Uint8Array(c.challenge),
      coordinatorId: c.coordinatorId,
      issuedAt: c.issuedAt,
      socketId: this.socket.id ?? '',
      clientId: req.clientId,
      signingKey: new Uint8Array(req.signingKey),
      enrollmentTokenId: req.enrollmentToken !== undefined ? (enrollmentTokenId(req.enrollmentToken) ?? '') : undefined,
    });
    req.signature = toBuffer(nacl.sign.detached(t, sign));
    return { ...req, ...extra };
  }

  /** Authenticates (or enrolls, with `extra.enrollmentToken`) over a fresh challenge; keeps the reply's id and bulk credential. */
  async register(extra: Partial<RegisterRequest> = {}): Promise<Ack<RegisterReply>> {
    return this.send(await this.signedRequest(extra));
  }

  /** Sends a prepared `client:register` as is. */
  async send(req: RegisterRequest | Record<string, unknown>): Promise<Ack<RegisterReply>> {
    const r = await this.emit<RegisterReply>(Events.Register, req);
    if (r.ok) {
      this.clientId = r.clientId;
      this.coordinatorId = r.coordinatorId;
      this.bulkCredential = r.bulkCredential;
    }
    return r;
  }

  async fetchModel(task: RoundTask): Promise<Uint8Array> {
    const out = new Uint8Array(task.model.bytes);
    for (let i = 0; i < task.model.chunks; i++) {
      const r = await this.emit<{ index: number; data: Uint8Array }>(Events.ModelFetch, { hash: task.model.hash, index: i });
      if (!r.ok) throw new Error(`fetch failed: ${r.error.code}`);
      out.set(r.data, i * task.model.chunkBytes);
    }
    return out;
  }

  /** Uploads `bytes` in chunks; returns every chunk ack. */
  async upload(taskId: string, bytes: Uint8Array, chunkBytes: number, totalBytes = bytes.byteLength): Promise<Ack[]> {
    const chunks = splitChunks(bytes, chunkBytes);
    const acks: Ack[] = [];
    for (let i = 0; i < chunks.length; i++) acks.push(await this.emit(Events.UpdateChunk, { taskId, index: i, total: chunks.length, totalBytes, data: toBuffer(chunks[i]) }));
    return acks;
  }

  async commit(task: RoundTask, numExamples = this.script.numExamples ?? 10, extra: Record<string, unknown> = {}): Promise<Ack> {
    const m = this.script.trainMetrics ?? { loss: 1, accuracy: 0.5 };
    return this.emit(Events.UpdateCommit, {
      taskId: task.taskId,
      jobId: task.jobId,
      round: task.round,
      attempt: task.attempt,
      numExamples,
      metrics: { loss: m.loss, accuracy: m.accuracy, examplesProcessed: numExamples, seconds: 0.01 },
      proximalMu: task.hyper.proximalMu,
      ...extra,
    });
  }

  /** The default "training": x_t + perturbation. */
  trained(global: Float32Array, task: RoundTask): Float32Array {
    if (this.script.train) return this.script.train(global, task);
    const p = this.script.perturbation ?? 0.01;
    const out = new Float32Array(global.length);
    for (let i = 0; i < out.length; i++) out[i] = global[i] + p;
    return out;
  }

  /** Does the task like an honest client. */
  async work(task: RoundTask): Promise<void> {
    if (task.kind === 'evaluate') {
      const m = this.script.evalMetrics ?? { loss: 0.5, accuracy: 0.8, numExamples: this.script.numExamples ?? 10 };
      this.evalAcks.push(await this.emit(Events.EvaluateResult, { taskId: task.taskId, jobId: task.jobId, round: task.round, attempt: task.attempt, ...m }));
      return;
    }
    const bytes = await this.fetchModel(task);
    const global = deserializeWeights(bytes, task.model.layout);
    const data = this.trained(global.data, task);
    if (this.script.trainMs) await this.sleep(this.script.trainMs);
    if (this.disconnected) return;
    if (this.cancels.some((c) => c.taskId === task.taskId)) return;
    const update = serializeWeights({ layout: global.layout, data });
    await this.upload(task.taskId, update, this.script.uploadChunkBytes ?? task.model.chunkBytes);
    this.commitAcks.push(await this.commit(task, undefined, this.script.commitExtra?.(global.data, task) ?? {}));
  }

  /** Next task not seen before index `from`. */
  async nextTask(from: number, ms = 10000): Promise<RoundTask> {
    const end = Date.now() + ms;
    while (this.tasks.length <= from) {
      if (Date.now() > end) throw new Error('no task arrived');
      await new Promise((r) => setTimeout(r, 5));
    }
    return this.tasks[from];
  }

  private readonly timers = new Set<NodeJS.Timeout>();

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.socket.disconnect();
  }
}
