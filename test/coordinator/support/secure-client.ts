/**
 * @module test/coordinator/support/secure-client
 * A scripted edge client for secure rounds, over a real socket: it enrols
 * with an Ed25519 key, fetches the model, "trains" (x_t + perturbation),
 * encodes its delta exactly as `task.secure` says, and answers every
 * `secagg:request` with `@fl/secagg`'s client stage functions. Hooks let a
 * test drop out at a stage or tamper with a message before it is sent. It
 * keeps the quantised vector it masked, so tests can check that nothing the
 * coordinator received reveals it.
 */
import { deserializeWeights } from '@fl/fl-core';
import { Events, type Ack, type RoundTask, type SecAggRequest } from '@fl/protocol';
import {
  clientStep,
  createClient,
  createQuantizer,
  nodeBackend,
  quantizeWeighted,
  packMessage,
  unpackMessage,
  type ClientMessage,
  type ClientState,
  type ServerMessage,
} from '@fl/secagg/node';
import { encodeDdgSecureUpdate } from '../../../apps/edge-client/src/secagg/ddg-update';
import { ScriptedClient, enrollmentToken, toBuffer, type ClientScript, type EnrolHost } from './scripted-client';
import { harnessSuite, type Harness, type SuiteOptions } from './harness';

export interface SecureScript extends ClientScript {
  /** Vanish (disconnect) when this stage's request arrives. */
  dropAt?: string;
  /** Rewrite (or return null to withhold) a stage message before it is sent; may send other things first. */
  tamper?: (msg: ClientMessage, taskId: string) => Promise<ClientMessage | null> | ClientMessage | null;
  /** A member that follows every stage but masks a ring vector of its choosing (given its honest encoding). */
  choose?: (honest: Uint32Array, task: RoundTask) => Promise<Uint32Array> | Uint32Array;
}

export class SecureClient {
  readonly signing: { publicKey: Uint8Array; secretKey: Uint8Array };
  readonly acks: Array<{ stage: string; ack: Ack }> = [];
  /** The quantised update this client masked, per task. */
  readonly encoded = new Map<string, Uint32Array>();
  readonly stageErrors: string[] = [];
  private state: ClientState | null = null;
  private readonly ready = new Map<string, Promise<Uint32Array>>();
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    readonly c: ScriptedClient,
    readonly script: SecureScript,
  ) {
    this.signing = c.keys; // one long-term key: it authenticates the client and signs its SecAgg messages
    c.socket.on(Events.Task, (task: RoundTask) => {
      if (task.kind === 'train' && task.secure) this.ready.set(task.taskId, this.train(task));
    });
    c.socket.on(Events.SecAggRequest, (req: SecAggRequest) => {
      this.queue = this.queue.then(() => this.answer(req)).catch((e: Error) => void this.stageErrors.push(e.message));
    });
  }

  static async enrol(h: EnrolHost, script: SecureScript = {}): Promise<SecureClient> {
    const token = await enrollmentToken(h);
    const c = await ScriptedClient.connect(h.url, { ...script, auto: false });
    const s = new SecureClient(c, script);
    const r = await c.register({ enrollmentToken: token });
    if (!r.ok) throw new Error(`register failed: ${r.error.code} ${r.error.message}`);
    return s;
  }

  get id(): string {
    return this.c.clientId;
  }

  close(): void {
    this.c.close();
  }

  /** Fetch, "train" and encode; the masked-input stage waits for this. */
  private async train(task: RoundTask): Promise<Uint32Array> {
    const global = deserializeWeights(await this.c.fetchModel(task), task.model.layout).data;
    const trained = this.c.trained(global, task);
    const delta = new Float64Array(global.length);
    for (let i = 0; i < delta.length; i++) delta[i] = trained[i] - global[i];
    const s = task.secure!;
    if (task.privacy?.ddg) {
      // A DP job: the edge client's distributed discrete Gaussian encoding (docs/privacy.md).
      const layout = [{ name: 'w', shape: [global.length] }];
      const out = { weights: { layout, data: Float32Array.from(trained) }, numExamples: 1, metrics: { loss: 0, accuracy: 0, examplesProcessed: 1, seconds: 0 }, proximalMu: 0 };
      const values = encodeDdgSecureUpdate({ layout, data: Float32Array.from(global) }, out, task.privacy).values;
      this.encoded.set(task.taskId, values.slice());
      return this.script.choose ? this.script.choose(values.slice(), task) : values;
    }
    const q = quantizeWeighted(delta, this.script.numExamples ?? 10, s.weightCap, createQuantizer(s.clip, s.nMax, s.bits));
    this.encoded.set(task.taskId, q.values.slice());
    return this.script.choose ? this.script.choose(q.values.slice(), task) : q.values;
  }

  private async answer(req: SecAggRequest): Promise<void> {
    const message = unpackMessage(req.message) as ServerMessage;
    if (this.script.dropAt === message.stage) {
      this.c.close();
      return;
    }
    if (message.stage === 'advertise-keys') this.state = createClient(this.id);
    const input = message.stage === 'masked-input' ? await this.ready.get(req.taskId) : undefined;
    const step = clientStep(this.state!, message, { backend: nodeBackend, signingSecretKey: this.signing.secretKey, input });
    this.state = step.state;
    const out = this.script.tamper ? await this.script.tamper(step.output, req.taskId) : step.output;
    if (!out) return;
    this.acks.push({ stage: out.stage, ack: await this.send(req.taskId, out) });
  }

  /** Sends a stage message like the edge client does (masked vector via update:chunk first). */
  async send(taskId: string, out: ClientMessage, extra: Record<string, unknown> = {}): Promise<Ack> {
    if (out.stage === 'masked-input' && 'masked' in out) {
      const { masked, ...rest } = out;
      const bytes = new Uint8Array(masked.buffer, masked.byteOffset, masked.byteLength);
      const [chunkAck] = await this.c.upload(taskId, bytes, bytes.byteLength);
      if (!chunkAck.ok) return chunkAck;
      const n = this.script.numExamples ?? 10;
      return this.c.emit(Events.SecAggMessage, { taskId, stage: out.stage, message: toBuffer(packMessage(rest)), numExamples: n, metrics: { loss: 1, accuracy: 0.5, examplesProcessed: n, seconds: 0.01 }, ...extra });
    }
    return this.c.emit(Events.SecAggMessage, { taskId, stage: out.stage, message: toBuffer(packMessage(out)), ...extra });
  }
}

/**
 * A harness for one describe block of secure-aggregation members
 * (`harnessSuite`): `enrol` makes a {@link SecureClient} that the suite closes
 * after each test (`closeClients: 'each'`) or after all of them.
 */
export function secureSuite(use: (h: Harness) => void, o: SuiteOptions = {}): { enrol(script?: SecureScript): Promise<SecureClient> } {
  let h!: Harness;
  const track = harnessSuite<SecureClient>((x) => use((h = x)), o);
  return { enrol: async (script = {}) => track(await SecureClient.enrol(h, script)) };
}
