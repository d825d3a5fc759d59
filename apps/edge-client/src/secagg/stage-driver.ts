/**
 * @module secagg/stage-driver
 * The edge client's side of a secure-aggregation round (SecAgg+, `@fl/secagg`).
 *
 * `SecAggDriver` takes every `secagg:request` from the coordinator, validates
 * its envelope (`validateSecAggRequest`) and hands it to the `SecureRound` of
 * the current task. A request naming any other task (an old round, a task
 * never taken) is ignored and logged at debug level.
 *
 * `SecureRound` is one task's round. Requests are processed strictly in
 * arrival order, one at a time. Each stage message travels packed into one
 * blob (`packMessage` / `unpackMessage` of `@fl/secagg`; the envelope names
 * the stage too, and the two must agree). Each request goes through
 * `clientStep(state, request, { backend: nodeBackend, signingSecretKey, input, policy, pins })`
 * and the answer goes back, packed, as `secagg:message`:
 * - advertise-keys, share-keys, consistency-check (active model), unmask are
 *   answered at once;
 * - masked-input needs the encoded update (`supply`). If training is still
 *   running the request waits for it, at most until the task deadline. The
 *   masked vector rides inside the packed message when it fits in one chunk
 *   and the coordinator takes data inline (`commitWithData`); otherwise its
 *   bytes go up with `update:chunk` (the plain update's chunk path), then
 *   `secagg:message` carries the message without `masked`, plus
 *   `numExamples`, the training metrics and the clip fraction: it replaces
 *   `update:commit`.
 * The round is done once the unmask answer is acknowledged.
 *
 * The round is abandoned, and nothing more is sent for it, when:
 * - `clientStep` refuses a request (a `SecAggError`: wrong order, bad
 *   signature, double-reveal request, weak parameters, …), logged at warn level
 *   with its code;
 * - the task is cancelled (`round:cancel`, `client:error`, superseded, shutdown);
 * - a send fails for good;
 * - the task deadline passes before the update is ready, or `graceMs` after
 *   the deadline (the late stages, consistency-check and unmask, run after the
 *   masked inputs are collected, so after the deadline) the round has not ended.
 *
 * Every step runs with the client's policy for (k, t) and its pinned peer keys
 * (see secagg/trust): a config weaker than the policy (`WEAK_PARAMS`) or naming
 * another key for a pinned peer (`BAD_KEY`) is refused like any other request.
 *
 * The `ClientState` (fresh X25519 keys, b_u, the shares held for neighbours)
 * lives in memory only, per task. A restarted process has lost it, and with it
 * any chance to finish that round; it must not try to (fresh keys every round).
 *
 * Per round, one `secagg_round` log event (see `SecureRoundStats`) reports
 * the stages answered and the CPU time of the stage computations, measured with
 * `process.cpuUsage()` deltas around each `clientStep`.
 */
import { MAX_CHUNK_BYTES, validateSecAggRequest, type RoundTask, type SecAggStageName, type SecAggSubmit, type SecureTaskParams } from '@fl/protocol';
import {
  SecAggError,
  SecAggErrorCode,
  clientStep,
  createClient,
  nodeBackend,
  packMessage,
  unpackMessage,
  type ClientEnv,
  type ClientMessage,
  type ClientState,
  type SecAggConfig,
  type ServerMessage,
} from '@fl/secagg/node';
import type { Connection } from '../connection';
import { ClientError, errorCode, errorMessage } from '../errors';
import type { Log } from '../log';
import { asBuffer, uploadChunks, type ChunkSink } from '../uploader';
import type { SigningIdentity } from './identity';
import type { SecureUpdate } from './secure-update';
import { persistNewPins, trustEnv } from './trust';

/** What a secure round needs from the connection (a `Connection`, or a test double). */
export type SecAggTransport = ChunkSink & Pick<Connection, 'clientId' | 'isRegistered' | 'whenRegistered'> & Partial<Pick<Connection, 'commitWithData' | 'viaBulk'>>;

/** Room left for the packed message's header when the masked vector travels inline. */
const INLINE_HEADROOM = 64 * 1024;

/** A train task of a secure job. */
export type SecureTask = RoundTask & { secure: SecureTaskParams };

export const isSecureTask = (task: RoundTask): task is SecureTask => task.secure !== undefined;

/** Default time after the task deadline the late stages may take. */
export const DEFAULT_SECURE_GRACE_MS = 120_000;
const MAX_SEND_TRIES = 3;
const NO_INPUT = new Uint32Array(0);

export interface SecAggDriverOptions {
  connection: SecAggTransport;
  log: Log;
  /** The signing identity registered with the coordinator; required in the active threat model. */
  identity: SigningIdentity | null;
  /** Longest wait for one request's ack (ms). */
  requestTimeoutMs?: number;
  /** How long after the task deadline the round may still run (ms). */
  graceMs?: number;
  now?: () => number;
  /** Accept semi-honest rounds; by default the policy requires the active threat model. */
  allowSemiHonest?: boolean;
  /** Overrides of the stage functions' env (tests). */
  env?: Partial<ClientEnv>;
  /** Called after each answer is acknowledged (fault injection: `--fault exit-after-share-keys`). */
  onSent?: (stage: SecAggStageName, taskId: string) => void;
}

/** The `secagg_round` log event's fields. */
export interface SecureRoundStats {
  [field: string]: string | number | null | readonly string[];
  taskId: string;
  /** The task's round number. */
  round: number;
  /** The stages answered, in order. */
  stages: SecAggStageName[];
  /** CPU seconds of advertise-keys, share-keys, consistency-check and unmask. */
  keyAgreementCpuSeconds: number;
  /** CPU seconds of the masked-input step (null when it did not run). */
  maskCpuSeconds: number | null;
  /** Clip fraction of the encoded update (null when none was supplied). */
  clipFraction: number | null;
  /** Graph degree, threshold and cohort size of the round config (null before advertise-keys). */
  k: number | null;
  t: number | null;
  n: number | null;
  /** `done`, or the code the round was abandoned with. */
  outcome: string;
}

/** Routes `secagg:request`s to the current task's `SecureRound`. */
export class SecAggDriver {
  private current: SecureRound | null = null;

  constructor(private readonly o: SecAggDriverOptions) {}

  /** The round of the current secure task, if any. */
  get round(): SecureRound | null {
    return this.current;
  }

  /**
   * Starts the round of `task`, which becomes the current one (a previous
   * round is abandoned). `signal` is the task's: aborting it abandons the round.
   */
  begin(task: SecureTask, signal: AbortSignal): SecureRound {
    this.current?.abandon(new ClientError('CANCELLED', `superseded by task ${task.taskId}`));
    this.current = new SecureRound(task, signal, this.o);
    return this.current;
  }

  /** The `secagg:request` handler. */
  onRequest(raw: unknown): void {
    const taskId = (raw as { taskId?: unknown } | null)?.taskId;
    const round = this.current && !this.current.closed && this.current.taskId === taskId ? this.current : null;
    const checked = validateSecAggRequest(raw);
    if (!checked.ok) {
      const why = `malformed secagg:request: ${checked.errors.join('; ')}`;
      if (round) round.refuse(String((raw as { stage?: unknown }).stage ?? 'unknown'), new SecAggError(SecAggErrorCode.BadPayload, why));
      else this.o.log.warn('secagg_bad_request', why, { taskId: typeof taskId === 'string' ? taskId : null });
      return;
    }
    const { stage, message } = checked.value;
    if (!round) {
      this.o.log.debug?.('secagg_ignored', `ignored a ${stage} request for task ${String(taskId)}: not the current work`, { taskId: String(taskId), stage });
      return;
    }
    round.enqueue(stage, message);
  }
}

/** One task's secure-aggregation round (see the module comment). */
export class SecureRound {
  readonly taskId: string;
  /** Why the round was abandoned (null while running or after success). */
  failure: Error | null = null;
  private refusal: Error | null = null;
  private readonly ended = new AbortController();
  /** Created at the first request (see `process`); dropped when the round ends. */
  private state: ClientState | null = null;
  private config: SecAggConfig | null = null;
  private update: SecureUpdate | null = null;
  private updateWaiter: { resolve: (u: SecureUpdate) => void; reject: (e: Error) => void } | null = null;
  private queue: Promise<void> = Promise.resolve();
  private _closed = false;
  private readonly result: Promise<SecureRoundStats>;
  private settle!: { resolve: (s: SecureRoundStats) => void; reject: (e: Error) => void };
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly stats = { stages: [] as SecAggStageName[], keyAgreementCpuSeconds: 0, maskCpuSeconds: null as number | null };
  private readonly now: () => number;
  private readonly onTaskAbort = () => this.abandon(new ClientError('CANCELLED', `task ${this.taskId} cancelled`));

  constructor(
    readonly task: SecureTask,
    private readonly taskSignal: AbortSignal,
    private readonly o: SecAggDriverOptions,
  ) {
    this.taskId = task.taskId;
    this.now = o.now ?? Date.now;
    this.result = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.result.catch(() => {}); // the agent may never await a round that failed early
    if (taskSignal.aborted) {
      this.onTaskAbort();
      return;
    }
    taskSignal.addEventListener('abort', this.onTaskAbort, { once: true });
    this.timer(this.endsAt(), () => this.abandon(new ClientError('DEADLINE_PASSED', `secure round of task ${this.taskId} did not end within ${this.graceMs} ms after the deadline`)));
  }

  /** True once the round is done or abandoned: nothing more is processed or sent. */
  get closed(): boolean {
    return this._closed;
  }

  /** Aborted when the round ends (done or abandoned): stop training for an abandoned round. */
  get signal(): AbortSignal {
    return this.ended.signal;
  }

  /** Resolves with the stats once the unmask answer is acknowledged; rejects when the round is abandoned. */
  get done(): Promise<SecureRoundStats> {
    return this.result;
  }

  /** Queues a stage request (envelope validated; `packed` as sent) behind the ones before it. */
  enqueue(stage: SecAggStageName, packed: Uint8Array): void {
    if (this._closed) return;
    this.queue = this.queue.then(() => this.process(stage, packed)).catch((e: Error) => this.abandon(e));
  }

  /** Hands over the encoded update; a waiting masked-input request proceeds. */
  supply(update: SecureUpdate): void {
    if (this._closed || this.update) return;
    this.update = update;
    this.updateWaiter?.resolve(update);
    this.updateWaiter = null;
  }

  /** Whether `e` is the refusal this round already logged (at warn level). */
  alreadyLogged(e: unknown): boolean {
    return e !== null && e === this.refusal;
  }

  /** Ends the round without sending anything more (idempotent). */
  abandon(reason: Error): void {
    if (this._closed) return;
    this.close();
    this.failure = reason;
    this.updateWaiter?.reject(reason);
    this.updateWaiter = null;
    this.report(errorCode(reason));
    this.settle.reject(reason);
  }

  /** Abandons the round because a request was refused; logged at warn level with the code. */
  refuse(stage: string, e: unknown): void {
    if (this._closed) return;
    const err = e instanceof SecAggError ? e : new SecAggError(SecAggErrorCode.BadPayload, errorMessage(e), stage);
    this.refusal = err;
    this.o.log.warn('secagg_refused', `secure round of task ${this.taskId}: refused the ${stage} request (${err.code}): ${err.message}; abandoning the round`, {
      taskId: this.taskId,
      round: this.task.round,
      stage,
      code: err.code,
    });
    this.abandon(err);
  }

  private async process(stage: SecAggStageName, packed: Uint8Array): Promise<void> {
    if (this._closed) return;
    let message: ServerMessage;
    try {
      // The client id is read at the first request, not when the task arrives: a
      // coordinator may send the task before the registration ack that names it.
      this.state ??= createClient(String(this.o.connection.clientId));
      message = unpackMessage(packed) as ServerMessage;
      if (message?.stage !== stage) throw new SecAggError(SecAggErrorCode.BadPayload, `the envelope names stage ${stage}, the message ${String(message?.stage)}`);
    } catch (e) {
      return this.refuse(stage, e);
    }
    let input: Uint32Array | undefined;
    let update: SecureUpdate | null = null;
    if (stage === 'masked-input') {
      // Wait only for a request the client expects; any other is refused below without waiting.
      if (this.state.next === 'masked-input') update = await this.waitForUpdate();
      else update = this.update;
      if (this._closed || !this.state) return;
      input = update?.values ?? NO_INPUT;
    }
    const pinned = this.o.identity?.pins.size ?? 0;
    const before = process.cpuUsage();
    let step: { state: ClientState; output: ClientMessage } | null = null;
    let refusal: unknown;
    try {
      step = clientStep(this.state, message, { ...this.env(), input });
    } catch (e) {
      refusal = e;
    }
    this.addCpu(stage, before);
    if (!step) return this.refuse(stage, refusal);
    if (stage === 'advertise-keys') persistNewPins(this.o.identity, pinned, this.o.log);
    this.state = step.state;
    this.config ??= step.state.config;
    this.stats.stages.push(stage);
    await this.send(step.output, update);
    this.o.onSent?.(stage, this.taskId);
    if (stage === 'unmask') this.complete();
  }

  private env(): ClientEnv {
    return {
      backend: nodeBackend,
      signingSecretKey: this.o.identity?.secretKey,
      ...trustEnv(this.o.identity, this.o.allowSemiHonest === true), // ⚑ policy and peer-key pins: see secagg/trust
      ...this.o.env,
    };
  }

  private waitForUpdate(): Promise<SecureUpdate> {
    if (this.update) return Promise.resolve(this.update);
    return new Promise((resolve, reject) => {
      this.updateWaiter = { resolve, reject };
      this.timer(this.task.deadline, () => this.abandon(new ClientError('DEADLINE_PASSED', `task ${this.taskId}: the update was not ready by the deadline`)));
    });
  }

  private async send(output: ClientMessage, update: SecureUpdate | null): Promise<void> {
    if (output.stage === 'masked-input') {
      if (!update) throw new ClientError('SECURE_ENCODING', 'masked input without an update');
      const { masked, ...header } = output;
      const bytes = new Uint8Array(masked.buffer, masked.byteOffset, masked.byteLength); // little-endian words
      const extra = { numExamples: update.numExamples, metrics: update.metrics, clipFraction: update.clipFraction };
      // Over the bulk channel when it takes this size (uploadChunks tries it first), else inline when it fits.
      if (!this.o.connection.viaBulk?.(bytes.byteLength) && this.o.connection.commitWithData && bytes.byteLength + INLINE_HEADROOM <= Math.min(MAX_CHUNK_BYTES, this.o.connection.maxChunkBytes)) {
        // Fits in one message: the vector rides inside the packed message (one message, one ack).
        const inline: SecAggSubmit = { taskId: this.taskId, stage: output.stage, message: wire(output), ...extra };
        await this.withReconnect((retry) => this.submit(inline, retry));
        return;
      }
      const payload: SecAggSubmit = {
        taskId: this.taskId,
        stage: output.stage,
        message: wire(header),
        numExamples: update.numExamples,
        metrics: update.metrics,
        clipFraction: update.clipFraction,
      };
      await this.withReconnect(async (retry) => {
        await uploadChunks(this.o.connection, this.taskId, bytes, () => this.timeout(), () => this._closed);
        await this.submit(payload, retry);
      });
    } else {
      const payload: SecAggSubmit = { taskId: this.taskId, stage: output.stage, message: wire(output) };
      await this.withReconnect((retry) => this.submit(payload, retry));
    }
  }

  /** Sends one `secagg:message`. A resend after a lost connection that the server already has counts as delivered. */
  private async submit(payload: SecAggSubmit, retry: boolean): Promise<void> {
    if (this._closed) throw this.failure ?? new ClientError('CANCELLED', 'round closed');
    try {
      await this.o.connection.request('secagg:message', payload, this.timeout());
    } catch (e) {
      if (!(retry && errorCode(e) === 'DUPLICATE')) throw e;
    }
  }

  /** Runs a send; after a lost connection, waits to re-register and repeats it (the server may also repeat its request). */
  private async withReconnect(fn: (retry: boolean) => Promise<void>): Promise<void> {
    for (let tries = 1; ; tries++) {
      if (this._closed) throw this.failure ?? new ClientError('CANCELLED', 'round closed');
      try {
        if (!this.o.connection.isRegistered) await this.o.connection.whenRegistered(this.endsAt() - this.now());
        return await fn(tries > 1);
      } catch (e) {
        if (errorCode(e) !== 'DISCONNECTED' || tries >= MAX_SEND_TRIES) throw e;
        this.o.log.info('step_retry', `connection lost during the secure round of task ${this.taskId}; will resend after reconnecting`);
      }
    }
  }

  private complete(): void {
    if (this._closed) return;
    this.close();
    this.settle.resolve(this.report('done'));
  }

  private close(): void {
    this._closed = true;
    this.state = null; // keys and shares: gone with the round
    this.taskSignal.removeEventListener('abort', this.onTaskAbort);
    for (const t of this.timers) clearTimeout(t);
    this.ended.abort();
  }

  private addCpu(stage: string, before: NodeJS.CpuUsage): void {
    const d = process.cpuUsage(before);
    const seconds = (d.user + d.system) / 1e6;
    if (stage === 'masked-input') this.stats.maskCpuSeconds = (this.stats.maskCpuSeconds ?? 0) + seconds;
    else this.stats.keyAgreementCpuSeconds += seconds;
  }

  /** Logs the `secagg_round` event (JSON) / one human line, unless nothing happened at all. */
  private report(outcome: string): SecureRoundStats {
    const cfg = this.config;
    const s: SecureRoundStats = {
      taskId: this.taskId,
      round: this.task.round,
      stages: [...this.stats.stages],
      keyAgreementCpuSeconds: this.stats.keyAgreementCpuSeconds,
      maskCpuSeconds: this.stats.maskCpuSeconds,
      clipFraction: this.update?.clipFraction ?? null,
      k: cfg?.k ?? null,
      t: cfg?.t ?? null,
      n: cfg?.participants.length ?? null,
      outcome,
    };
    if (s.stages.length > 0 || outcome === 'done') this.o.log.info('secagg_round', formatSecureRound(s), s);
    return s;
  }

  /** Runs `fn` at absolute time `at` unless the round has ended. */
  private timer(at: number, fn: () => void): void {
    const t = setTimeout(fn, Math.max(0, at - this.now()));
    t.unref();
    this.timers.push(t);
  }

  private get graceMs(): number {
    return this.o.graceMs ?? DEFAULT_SECURE_GRACE_MS;
  }

  /** When the round is given up at the latest. */
  private endsAt(): number {
    return this.task.deadline + this.graceMs;
  }

  private timeout(): number {
    return Math.max(1000, Math.min(this.o.requestTimeoutMs ?? 60_000, this.endsAt() - this.now()));
  }
}

/** A client message as sent: packed into one blob, as a Buffer so socket.io sends it as binary. */
function wire(m: object): Buffer {
  return asBuffer(packMessage(m));
}

const fmt = (v: number | null, digits: number, unit = ''): string => (v === null ? '–' : v.toFixed(digits) + unit);

/** The human line of a secure round. */
export function formatSecureRound(s: SecureRoundStats): string {
  const clip = s.clipFraction === null ? '–' : `${(s.clipFraction * 100).toFixed(2)} %`;
  return (
    `secure round ${s.round} (${s.outcome}): n ${s.n ?? '–'}, k ${s.k ?? '–'}, t ${s.t ?? '–'}, clipped ${clip}, ` +
    `CPU ${fmt(s.maskCpuSeconds, 3, ' s')} masking + ${fmt(s.keyAgreementCpuSeconds, 3, ' s')} key agreement, stages ${s.stages.length}`
  );
}
