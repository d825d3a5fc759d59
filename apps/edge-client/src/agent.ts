/**
 * @module agent
 * The edge client's state machine:
 *
 *   idle ──register──▶ registered ──round:task──▶ training ──▶ uploading ──▶ registered
 *     ▲                    │                         (evaluate tasks skip uploading)
 *     └──── disconnect ────┘
 *
 * `idle` means not registered. A `round:task` is acknowledged at once (policy
 * decision) and worked on asynchronously: fetch the missing model chunks with
 * `model:fetch` (blobs cached by content hash, hash verified), train or
 * evaluate, then upload. `round:cancel` and `client:error` naming the current
 * task abandon it: the work in progress is discarded, nothing is sent. A
 * connection lost mid-task is waited out (until the task deadline); the
 * interrupted step is then repeated on the new connection.
 *
 * A train task with `secure` parameters (a secure job) does not upload its
 * weights: the agent trains, encodes the delta (secagg/secure-update) and hands
 * it to the task's `SecureRound` (secagg/stage-driver), which answers the
 * coordinator's `secagg:request`s stage by stage. Those requests can arrive
 * while the model is still being fetched or trained; the round exists from the
 * moment the task is accepted and queues them.
 */
import { MAX_WITHDRAW_REASON, TaskKind, TRAINING_FAILURE_CODES, validateRoundTask, type ProtocolError, type RoundTask, type SecAggStageName, type TaskAcceptReply, type TaskCancel } from '@fl/protocol';
import { deserializeWeights, type ModelWeights } from '@fl/fl-core';
import { clipForPrivacy } from './dp-clip';
import type { Connection } from './connection';
import { ClientError, errorCode, errorMessage, type LocalErrorCode } from './errors';
import type { Log } from './log';
import { ModelStore } from './model-store';
import { decideTask, type PrivacyPolicy } from './policy';
import type { LocalTrainer, TrainOutcome } from './trainers/local-trainer';
import { uploadUpdate } from './uploader';
import type { SigningIdentity } from './secagg/identity';
import { encodeSecureUpdate } from './secagg/secure-update';
import { encodeDdgSecureUpdate } from './secagg/ddg-update';
import { SecAggDriver, isSecureTask, type SecureRound } from './secagg/stage-driver';

export type AgentState = 'idle' | 'registered' | 'training' | 'uploading';

export interface AgentOptions {
  connection: Connection;
  trainer: LocalTrainer;
  log: Log;
  echo: boolean;
  /** Longest wait for one request's ack (ms); the task deadline may cut it shorter. */
  requestTimeoutMs?: number;
  now?: () => number;
  /**
   * The signing identity whose public key the connection registers with;
   * without one, secure tasks in the active threat model are declined.
   */
  identity?: SigningIdentity;
  /** How long after a secure task's deadline its late stages (consistency, unmask) may run (ms). */
  secureGraceMs?: number;
  /** Accept semi-honest secure rounds (default: only the active threat model). */
  allowSemiHonest?: boolean;
  /** Secure rounds: the ring words masked instead of the honest encoding (`--attack`, attack benchmark and tests only). */
  secureWords?: (honest: Uint32Array, task: RoundTask) => Uint32Array;
  /** Privacy requirements on train tasks (`--require-dp …`); refusals carry a `PolicyRefusalCode`. */
  privacyPolicy?: PrivacyPolicy;
  /** Called after each secure stage answer is acknowledged (fault injection). */
  onSecureStageSent?: (stage: SecAggStageName, taskId: string) => void;
  /** Global-model blobs kept between tasks (default 2); 0 keeps none, as a simulated client does (docs/simulation.md). */
  modelCacheSize?: number;
}

interface Work {
  task: RoundTask;
  /** Aborted on round:cancel, client:error, supersession or shutdown. */
  abort: AbortController;
  startedAt: number;
  /** The secure-aggregation round of a secure train task. */
  secure?: SecureRound;
  /** Secure train tasks: the example count declared when accepting; the weight is encoded from it. */
  declaredExamples?: number;
}

const cancelled = (w: Work): boolean => w.abort.signal.aborted;

/** How a task ended, for listeners (tests, tools). */
export interface TaskOutcome {
  taskId: string;
  kind: RoundTask['kind'];
  round: number;
  ok: boolean;
  code?: string;
}

const MAX_STEP_TRIES = 3;

export class Agent {
  private _state: AgentState = 'idle';
  private work: Work | null = null;
  private stopping = false;
  private readonly store: ModelStore;
  private readonly doneListeners: Array<(o: TaskOutcome) => void> = [];
  private readonly now: () => number;
  private running: Promise<void> = Promise.resolve();
  private readonly secagg: SecAggDriver;

  constructor(private readonly o: AgentOptions) {
    this.now = o.now ?? Date.now;
    this.store = new ModelStore(o.modelCacheSize ?? 2);
    const s = o.connection.socket;
    s.on('round:task', (task, ack) => this.onTask(task, ack));
    s.on('round:cancel', (msg) => this.onCancel(msg));
    s.on('client:error', (err) => this.onClientError(err));
    this.secagg = new SecAggDriver({
      connection: o.connection,
      log: o.log,
      identity: o.identity ?? null,
      requestTimeoutMs: o.requestTimeoutMs,
      graceMs: o.secureGraceMs,
      now: this.now,
      onSent: o.onSecureStageSent,
      allowSemiHonest: o.allowSemiHonest,
      minThreshold: o.privacyPolicy?.minThreshold,
    });
    s.on('secagg:request', (req) => this.secagg.onRequest(req));
    o.connection.onRegistered((first) => {
      o.log.info('registered', `${first ? 'registered' : 're-registered'} as ${o.connection.clientId}`, { clientId: o.connection.clientId, first });
      if (this._state === 'idle') this.setState('registered');
    });
    o.connection.onLost(() => {
      if (this._state === 'registered') this.setState('idle');
    });
  }

  get state(): AgentState {
    return this._state;
  }

  get currentTaskId(): string | null {
    return this.work?.task.taskId ?? null;
  }

  onTaskDone(fn: (o: TaskOutcome) => void): void {
    this.doneListeners.push(fn);
  }

  /** Stops taking tasks, abandons the current one and waits (up to `ms`) for it to unwind. */
  async stop(ms = 2000): Promise<void> {
    this.stopping = true;
    this.work?.abort.abort();
    await Promise.race([this.running, new Promise((r) => setTimeout(r, ms).unref())]);
  }

  private onTask(task: RoundTask, ack: (r: TaskAcceptReply) => void): void {
    const reply = this.decide(task);
    if (typeof ack === 'function') ack(reply);
    if (!reply.accepted) {
      this.o.log.info('task_declined', `declined task ${String((task as Partial<RoundTask>)?.taskId)}: ${reply.reason}`, { reason: reply.reason, ...(reply.code ? { code: reply.code } : {}) });
      return;
    }
    if (this.work) {
      // The coordinator moved this job on (new round or retry): the old task is dead.
      this.o.log.info('task_superseded', `task ${this.work.task.taskId} superseded by ${task.taskId}`);
      this.work.abort.abort();
    }
    const work: Work = { task, abort: new AbortController(), startedAt: this.now(), declaredExamples: reply.numExamples };
    if (isSecureTask(task)) work.secure = this.secagg.begin(task, work.abort.signal);
    this.work = work;
    const previous = this.running;
    this.running = previous.then(() => this.run(work));
  }

  private decide(task: unknown): TaskAcceptReply {
    if (this.stopping) return { accepted: false, reason: 'client is shutting down' };
    const checked = validateRoundTask(task);
    if (!checked.ok) return { accepted: false, reason: `malformed task: ${checked.errors.join('; ')}` };
    const reply = decideTask(checked.value, {
      dataset: this.o.trainer.dataset.name,
      echo: this.o.echo,
      busyWithJob: this.work?.task.jobId ?? null,
      now: this.now(),
      hasSigningKey: this.o.identity !== undefined,
      privacy: this.o.privacyPolicy,
    });
    // A secure train task: declare in plain text the example count the weight will be encoded from
    // (the dataset's, held to what the coordinator counts), so the coordinator's denominator matches.
    if (reply.accepted && isSecureTask(checked.value)) {
      const counted = this.o.connection.countedExamples;
      const n = this.o.trainer.dataset.numExamples;
      reply.numExamples = typeof counted === 'number' ? Math.min(n, counted) : n;
    }
    return reply;
  }

  private onCancel(msg: TaskCancel): void {
    if (this.work && msg?.taskId === this.work.task.taskId) {
      this.work.abort.abort();
      this.o.log.info('task_cancelled', `task ${msg.taskId} cancelled by the coordinator: ${msg.reason}`, { taskId: msg.taskId, reason: msg.reason });
    }
  }

  private onClientError(err: ProtocolError): void {
    this.o.log.warn('client_error', `coordinator reported ${err?.code}: ${err?.message}`, { code: err?.code, taskId: err?.taskId });
    if (this.work && err?.taskId === this.work.task.taskId) this.work.abort.abort();
  }

  private async run(work: Work): Promise<void> {
    if (cancelled(work)) return this.finish(work, { ok: false, code: 'CANCELLED' });
    const { task } = work;
    this.setState('training');
    try {
      const global = await this.step(work, () => this.fetchModel(work));
      if (task.kind === TaskKind.Evaluate) await this.evaluate(work, global);
      else if (work.secure) await this.trainSecure(work, global, work.secure);
      else await this.train(work, global);
      this.finish(work, { ok: true });
    } catch (e) {
      const code = cancelled(work) ? 'CANCELLED' : errorCode(e);
      if (code !== 'CANCELLED' && !work.secure?.alreadyLogged(e)) this.o.log.warn('task_failed', `task ${task.taskId} (round ${task.round}) failed: ${errorMessage(e)}`, { code, taskId: task.taskId });
      this.finish(work, { ok: false, code });
      // After finishing: the client is free for its next task while the coordinator hears of this one.
      if (task.kind === TaskKind.Train && TRAINING_FAILURE_CODES.includes(code)) void this.withdraw(work, code, errorMessage(e));
    }
  }

  /**
   * Tells the coordinator that local training failed (`task:withdraw` with a
   * TrainingFailureCode), so it drops the task now rather than at the round
   * deadline. Best effort: bounded by the task's deadline, a refusal is logged; never rejects.
   */
  private async withdraw(work: Work, code: string, reason: string): Promise<void> {
    const { taskId } = work.task;
    try {
      if (this.o.connection.isRegistered) await this.o.connection.request('task:withdraw', { taskId, code, reason: reason.slice(0, MAX_WITHDRAW_REASON) }, this.timeout(work));
    } catch (e) {
      this.o.log.warn('task_withdraw', `task ${taskId}: the coordinator did not take the withdrawal: ${errorMessage(e)}`, { taskId, code });
    }
  }

  private async fetchModel(work: Work): Promise<ModelWeights> {
    const ref = work.task.model;
    const bytes = await this.store.get(
      ref,
      (hash, index) => this.o.connection.fetchModelChunk(hash, index, Math.min(ref.chunkBytes, ref.bytes - index * ref.chunkBytes), this.timeout(work)),
      () => cancelled(work),
    );
    return deserializeWeights(bytes, ref.layout);
  }

  private async train(work: Work, global: ModelWeights): Promise<void> {
    const { task } = work;
    const out = clipForPrivacy(task, global, await this.o.trainer.train(task, global, work.abort.signal));
    this.checkLive(work);
    this.setState('uploading');
    await this.step(work, () => uploadUpdate(this.o.connection, task, out, () => this.timeout(work)));
    this.logTrained(work, out);
  }

  private logTrained(work: Work, out: TrainOutcome): void {
    const { task } = work;
    this.o.log.round({
      kind: 'train',
      jobId: task.jobId,
      round: task.round,
      loss: out.metrics.loss,
      accuracy: out.metrics.accuracy,
      examples: out.numExamples,
      seconds: (this.now() - work.startedAt) / 1000,
    });
  }

  /** A secure task: train, encode the delta, hand it to the round and wait for the round to end. */
  private async trainSecure(work: Work, global: ModelWeights, round: SecureRound): Promise<void> {
    const { task } = work;
    let out: TrainOutcome;
    try {
      out = await this.o.trainer.train(task, global, round.signal); // stops when the round is abandoned
    } catch (e) {
      throw round.failure ?? e;
    }
    this.checkLive(work);
    const declared = work.declaredExamples;
    const counted = declared === undefined ? out : { ...out, numExamples: declared };
    const encoded = task.privacy?.ddg ? encodeDdgSecureUpdate(global, counted, task.privacy) : encodeSecureUpdate(global, counted, round.task.secure);
    if (this.o.secureWords) encoded.values = this.o.secureWords(encoded.values, task);
    round.supply(encoded);
    this.setState('uploading');
    await round.done;
    this.logTrained(work, out);
  }

  private async evaluate(work: Work, global: ModelWeights): Promise<void> {
    const { task } = work;
    const r = await this.o.trainer.evaluate(task, global);
    this.checkLive(work);
    const payload = { taskId: task.taskId, jobId: task.jobId, round: task.round, attempt: task.attempt, ...r };
    await this.step(work, () => this.o.connection.request('eval:result', payload, this.timeout(work)));
    this.o.log.round({ kind: 'evaluate', jobId: task.jobId, round: task.round, loss: r.loss, accuracy: r.accuracy, examples: r.numExamples, seconds: (this.now() - work.startedAt) / 1000 });
  }

  /** Runs one network step; after a lost connection, waits to re-register and repeats it. */
  private async step<T>(work: Work, fn: () => Promise<T>): Promise<T> {
    for (let tries = 1; ; tries++) {
      this.checkLive(work);
      try {
        if (!this.o.connection.isRegistered) await this.o.connection.whenRegistered(work.task.deadline - this.now());
        return await fn();
      } catch (e) {
        if (errorCode(e) !== 'DISCONNECTED' || tries >= MAX_STEP_TRIES) throw e;
        this.o.log.info('step_retry', `connection lost during task ${work.task.taskId}; will resume after reconnecting`);
      }
    }
  }

  private checkLive(work: Work): void {
    if (cancelled(work)) throw new ClientError('CANCELLED', `task ${work.task.taskId} cancelled`);
    if (this.now() > work.task.deadline) throw new ClientError('DEADLINE_PASSED', `task ${work.task.taskId} ran past its deadline`);
  }

  private timeout(work: Work): number {
    const left = work.task.deadline - this.now();
    return Math.max(1000, Math.min(this.o.requestTimeoutMs ?? 60_000, left + 5_000));
  }

  private finish(work: Work, r: { ok: boolean; code?: string }): void {
    if (!r.ok) work.secure?.abandon(new ClientError((r.code ?? 'INTERNAL') as LocalErrorCode, `task ${work.task.taskId} failed (${r.code})`));
    if (this.work === work) {
      this.work = null;
      this.setState(this.o.connection.isRegistered ? 'registered' : 'idle');
    }
    const outcome: TaskOutcome = { taskId: work.task.taskId, kind: work.task.kind, round: work.task.round, ...r };
    for (const fn of this.doneListeners) fn(outcome);
  }

  private setState(s: AgentState): void {
    this._state = s;
  }
}
