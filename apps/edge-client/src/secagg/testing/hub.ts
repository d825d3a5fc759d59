/**
 * @module secagg/testing/hub
 * A coordinator's secure-aggregation side in miniature, for the specs: the
 * real `@fl/secagg` server stage functions (`createSecAggConfig`,
 * `createServer`, `serverBegin`, `serverReceive`, `serverClose`) behind the
 * two client events a secure round uses. `update:chunk`s are collected per
 * client and become the `masked` vector of its masked-input message; every
 * `secagg:message` must pass `validateSecAggSubmit`, is unpacked, gets
 * `sender` set to the (authenticated) client id, and goes to `serverReceive`.
 * A stage closes when nobody is pending, or when the test calls `closeStage()`
 * (dropouts). Requests go out packed (`packMessage`) in a Buffer, as on the wire.
 * Not part of the build (tsconfig excludes src/** /testing).
 */
import { validateSecAggSubmit, validateUpdateChunk, type Ack, type SecAggRequest, type SecAggSubmit, type UpdateChunk } from '@fl/protocol';
import {
  createSecAggConfig,
  createServer,
  nodeBackend,
  serverBegin,
  serverClose,
  serverPending,
  serverReceive,
  packMessage,
  unpackMessage,
  wordsOf,
  type ClientMessage,
  type SecAggConfig,
  type SecAggErrorInfo,
  type ServerMessage,
  type ServerStageOutput,
  type ServerState,
  type ThreatModel,
} from '@fl/secagg/node';

export interface HubOptions {
  participants: string[];
  vectorLength: number;
  threatModel?: ThreatModel;
  signingKeys?: Record<string, Uint8Array>;
  k?: number;
  t?: number;
  runId?: string;
  round?: number;
  /** The task id each client's requests name. */
  taskIdOf?: (id: string) => string;
}

type Final = Extract<ServerStageOutput, { kind: 'done' | 'failed' }>;

export class SecAggHub {
  readonly config: SecAggConfig;
  state: ServerState;
  /** Where requests go (a driver's `onRequest`, a socket emit). */
  deliver: (id: string, req: SecAggRequest) => void = () => {};
  /** Rewrites a request before it is delivered (forgeries, reordering). */
  tamper: (id: string, msg: ServerMessage) => ServerMessage = (_id, m) => m;
  /** Requests delivered, in order. */
  readonly requests: Array<{ id: string; stage: string }> = [];
  /** Envelopes received (after validation). */
  readonly submits: Array<{ id: string } & SecAggSubmit> = [];
  /** Messages the server refused. */
  readonly refused: SecAggErrorInfo[] = [];
  readonly outcome: Promise<Final>;
  private finish!: (o: Final) => void;
  private readonly chunks = new Map<string, Buffer[]>();
  private closing = false;
  readonly taskIdOf: (id: string) => string;

  constructor(o: HubOptions) {
    this.config = createSecAggConfig({
      runId: o.runId ?? 'job-1/a1',
      round: o.round ?? 1,
      participants: o.participants,
      vectorLength: o.vectorLength,
      threatModel: o.threatModel ?? 'active',
      signingKeys: o.signingKeys ?? {},
      k: o.k,
      t: o.t,
    });
    this.state = createServer(this.config);
    this.taskIdOf = o.taskIdOf ?? ((id) => `task-${id}`);
    this.outcome = new Promise((r) => (this.finish = r));
  }

  begin(): void {
    this.dispatch(serverBegin(this.state).output);
  }

  /** The stage being collected. */
  get stage(): string {
    return this.state.stage;
  }

  /** Who the stage being collected still waits for. */
  get pending(): string[] {
    return this.state.stage === 'done' || this.state.stage === 'failed' ? [] : serverPending(this.state);
  }

  onChunk(id: string, chunk: UpdateChunk): Ack<{ received: number }> {
    const v = validateUpdateChunk(chunk);
    if (!v.ok) return { ok: false, error: { code: 'BAD_PAYLOAD', message: v.errors.join('; ') } };
    const list = this.chunks.get(id) ?? [];
    if (chunk.index === 0) list.length = 0;
    list[chunk.index] = Buffer.from(chunk.data);
    this.chunks.set(id, list);
    return { ok: true, received: chunk.index + 1 };
  }

  onSubmit(id: string, payload: unknown): Ack<{ accepted: true }> {
    const v = validateSecAggSubmit(payload);
    if (!v.ok) return { ok: false, error: { code: 'BAD_PAYLOAD', message: v.errors.join('; ') } };
    let msg: Record<string, unknown>;
    try {
      msg = { ...(unpackMessage(v.value.message) as Record<string, unknown>), sender: id };
    } catch (e) {
      return { ok: false, error: { code: 'BAD_PAYLOAD', message: (e as Error).message } };
    }
    if (msg.stage !== v.value.stage) return { ok: false, error: { code: 'BAD_PAYLOAD', message: 'envelope and message name different stages' } };
    this.submits.push({ id, ...v.value });
    if (msg.stage === 'masked-input') {
      if (msg.masked !== undefined) return { ok: false, error: { code: 'BAD_PAYLOAD', message: 'masked must come as update:chunk' } };
      const words = wordsOf(new Uint8Array(Buffer.concat(this.chunks.get(id) ?? [])));
      if (!words) return { ok: false, error: { code: 'BAD_PAYLOAD', message: 'masked bytes are not whole words' } };
      msg.masked = words;
      this.chunks.delete(id);
    }
    const r = serverReceive(this.state, msg as unknown as ClientMessage, { backend: nodeBackend }).output;
    if (!r.accepted) {
      this.refused.push(r.error);
      return { ok: false, error: { code: r.error.code as 'BAD_PAYLOAD', message: r.error.message } };
    }
    if (serverPending(this.state).length === 0) this.scheduleClose();
    return { ok: true, accepted: true };
  }

  /** Closes the stage being collected now (the deadline of a real coordinator). */
  closeStage(): void {
    if (this.state.stage === 'done' || this.state.stage === 'failed') return;
    const out = serverClose(this.state, { backend: nodeBackend }).output;
    this.dispatch(out);
  }

  private scheduleClose(): void {
    if (this.closing) return;
    this.closing = true;
    setImmediate(() => {
      this.closing = false;
      this.closeStage();
    });
  }

  private dispatch(out: ServerStageOutput): void {
    if (out.kind !== 'request') return this.finish(out);
    for (const [id, raw] of Object.entries(out.messages)) {
      const message = Buffer.from(packMessage(this.tamper(id, raw)));
      this.requests.push({ id, stage: out.stage });
      setImmediate(() => this.deliver(id, { taskId: this.taskIdOf(id), stage: out.stage, message }));
    }
  }
}

/** Σ vectors mod 2^32. */
export function ringSum(vectors: Uint32Array[], length: number): Uint32Array {
  const out = new Uint32Array(length);
  for (const v of vectors) for (let i = 0; i < length; i++) out[i] += v[i];
  return out;
}
