/**
 * @module rounds/round-run
 * One attempt of one federated round as an explicit state machine:
 *
 *   waiting_for_clients → configuring → training → aggregating → evaluating → done
 *                      ↘ failed (from any phase, with a stated reason)
 *
 * Framework-free: time comes from an injected Clock and every wait has a
 * deadline (ALGORITHMS.md §1.6, §10.16). FedAvg failure handling (§1.6):
 * over-select ceil(clientsPerRound·(1+overSelection)); drop decliners,
 * non-ackers, disconnects, refused and late updates; training ends at
 * clientsPerRound updates, when no member is pending, or at the deadline;
 * fewer than minClients updates fail the attempt and x_t is kept.
 *
 * Accepted updates are folded at once into a Float64 WeightedDeltaSum with
 * weight n_k (fedAvgWeight; §1.1, §1.7); their bytes are dropped right away.
 * Update refusals (see round-intake) are recorded in `view.failures`.
 *
 * With secure aggregation (the job default) the training phase is the SecAgg+
 * protocol instead ({@link SecurePhase}): updates arrive masked, and only
 * their unmasked sum reaches the strategy.
 */
import { createRng, fedAvgWeight, sampleCohort, serializedSize, WeightedDeltaSum, type ModelWeights, type Strategy, type StrategyState } from '@fl/fl-core';
import { ErrorCode, RoundPhase, TaskKind, type JobConfig, type ModelRef, type RoundTask, type RoundView, type SecAggSubmit, type TaskAcceptReply, type UpdateChunk, type UpdateCommit, type EvaluateResult } from '@fl/protocol';
import type { AggregateInput } from '@fl/fl-core';
import { secureEncoding, type SecureEncoding } from '../secure-aggregation/secure-params';
import { SecurePhase, type SecurePhaseHost } from './secure-phase';
import { packMessage, type MaskAdder } from '@fl/secagg';
import { aggregateInThread, type Aggregator } from '../aggregation/aggregate-worker';
import { ProtocolException } from '../common/errors/protocol.exception';
import type { Clock } from './clock';
import { deriveSeed } from './derive-seed';
import { DropCode } from './round-codes';
import type { CohortPort, ModelPort, RoundLogger, TaskPort, TaskRouter } from './round-ports';
import { TaskSlot } from './task-slot';
import { Waiter } from './waiter';
import { WeightedMean } from './weighted-mean';
import { checkResultRef, toRefusal } from './round-refusal';
import { failureSummary, newRoundView } from './round-view';

export interface RoundSetup {
  jobId: string;
  round: number;
  attempt: number;
  /**
   * The attempt number the seeds derive from (cohort, client training,
   * evaluation); defaults to `attempt`. A re-run after a coordinator restart
   * keeps the interrupted attempt's seeds, so it repeats that attempt.
   */
  seedAttempt?: number;
  config: JobConfig;
  global: ModelWeights;
  globalRef: ModelRef;
  strategy: Strategy;
  strategyState: StrategyState;
  taskAckTimeoutMs: number;
}

export interface RoundDeps {
  clock: Clock;
  cohort: CohortPort;
  link: TaskPort;
  models: ModelPort;
  router: TaskRouter;
  newTaskId: () => string;
  onChange: () => void;
  logger: RoundLogger;
  /** Where a secure round's unmasking adds its masks (default: in the event loop). */
  addMasks?: MaskAdder;
  /** Where the strategy step runs (default: in the event loop). */
  aggregate?: Aggregator;
  /**
   * Takes back an update's bytes once they are folded into the sum and no
   * longer read (the bulk channel reuses its upload buffers).
   */
  recycle?: (bytes: Uint8Array) => void;
}

export type RoundOutcome = { ok: true; modelHash: string; state: StrategyState } | { ok: false; reason: string; stopped: boolean };

export class RoundRun {
  readonly view: RoundView;
  readonly expectedBytes: number;
  protected readonly slots = new Map<string, TaskSlot>();
  protected sum: WeightedDeltaSum | null;
  protected readonly train = new WeightedMean();
  protected readonly evals = new WeightedMean();
  private readonly waiter: Waiter;
  private stopReason: string | null = null;
  private eligibleIds: string[] = [];
  private trainDeadline = 0;
  private newHash = '';
  private newState: StrategyState | null = null;
  private readonly startedAt: number;
  private phaseStartedAt: number;
  private readonly secure: boolean;
  private securePhase: SecurePhase | null = null;
  private secureInput: AggregateInput | null = null;

  constructor(
    readonly setup: RoundSetup,
    protected readonly deps: RoundDeps,
  ) {
    this.waiter = new Waiter(deps.clock);
    this.startedAt = deps.clock.now();
    this.phaseStartedAt = this.startedAt;
    this.secure = setup.config.secureAggregation.enabled;
    // Secure rounds upload masked ring words: P + 1 (the weight) words of 4 bytes.
    this.expectedBytes = this.secure ? 4 * (setup.global.data.length + 1) : serializedSize(setup.globalRef.layout);
    this.sum = this.secure ? null : new WeightedDeltaSum(setup.global.data);
    this.view = newRoundView(setup.round, setup.attempt, this.startedAt);
  }

  get phase(): RoundPhase {
    return this.view.phase;
  }

  get finished(): boolean {
    return this.view.phase === RoundPhase.Done || this.view.phase === RoundPhase.Failed;
  }

  private get seedAttempt(): number {
    return this.setup.seedAttempt ?? this.setup.attempt;
  }

  protected get label(): string {
    return `job ${this.setup.jobId} round ${this.setup.round}.${this.setup.attempt}`;
  }

  /** Runs the attempt to `done` or `failed`. Never rejects. */
  async run(): Promise<RoundOutcome> {
    const stages = [this.waitForClients, this.configure, this.training, this.aggregate, this.evaluate];
    try {
      for (const stage of stages) {
        const reason = await stage.call(this);
        if (this.stopReason !== null) return this.fail(this.stopReason, true);
        if (reason !== null) return this.fail(reason, false);
      }
    } catch (e) {
      return this.fail(`internal error: ${(e as Error).message}`, false);
    }
    return this.finish();
  }

  /** Stops the attempt at once; pending tasks are cancelled. */
  stop(reason: string): void {
    if (this.finished || this.stopReason !== null) return;
    this.stopReason = reason;
    this.waiter.stop();
  }

  /** The client's connection closed: its open task counts as dropped. */
  clientDropped(clientId: string): void {
    for (const slot of this.slots.values())
      if (slot.clientId === clientId && slot.pending) this.drop(slot, DropCode.Disconnected, 'connection closed during the task', false);
  }

  /** Something changed in the client registry: re-check the current wait. */
  clientsChanged(): void {
    this.waiter.poke();
  }

  // ── intake (messages from clients, routed here by task id) ──────────────

  /** `update:chunk`. @throws ProtocolException */
  receiveChunk(clientId: string, msg: UpdateChunk): { ok: true; received: number } {
    const slot = this.openTrainSlot(clientId, msg.taskId);
    try {
      return { ok: true, received: slot.addChunk(msg, this.expectedBytes) };
    } catch (e) {
      throw this.refuse(slot, e);
    }
  }

  /** Bulk channel, before reading: would `length` bytes be accepted as the task's whole upload? @throws ProtocolException */
  expectUpload(clientId: string, taskId: string, length: number): void {
    const slot = this.openTrainSlot(clientId, taskId);
    try {
      slot.expectWhole(length, this.expectedBytes);
    } catch (e) {
      throw this.refuse(slot, e);
    }
  }

  /** `update:commit`: validates, then folds the update into the running sum. @throws ProtocolException */
  receiveCommit(clientId: string, msg: UpdateCommit): { ok: true; accepted: true } {
    const slot = this.openTrainSlot(clientId, msg.taskId);
    try {
      if (this.secure) throw new ProtocolException(ErrorCode.WrongPath, `${this.label} uses secure aggregation: send the update through secagg:message, not update:commit`);
      checkResultRef(msg, this.setup);
      // Decode (layout + NaN/Inf check) and fold in, reading the upload once.
      const upload = slot.takeUpload(msg.data, this.expectedBytes);
      try {
        this.sum!.addSerialized(upload, fedAvgWeight(msg.numExamples), this.setup.globalRef.layout);
      } finally {
        this.deps.recycle?.(upload);
      }
    } catch (e) {
      throw this.refuse(slot, e);
    }
    slot.close('delivered');
    this.view.participants.push(clientId);
    this.train.add(msg.numExamples, msg.metrics.loss, msg.metrics.accuracy);
    this.deps.cohort.releaseTask(clientId, slot.taskId);
    this.deps.onChange();
    this.waiter.poke(); // the waiting phase resumes asynchronously (a promise continuation)
    return { ok: true, accepted: true };
  }

  /** `secagg:message`: one stage message of the secure protocol. @throws ProtocolException */
  receiveSecAgg(clientId: string, msg: SecAggSubmit): { ok: true; accepted: true } {
    const slot = this.openTrainSlot(clientId, msg.taskId);
    if (!this.securePhase) {
      const reason = this.secure ? `secure aggregation of ${this.label} has not started` : `${this.label} does not use secure aggregation`;
      const code = this.secure ? ErrorCode.StageOrder : ErrorCode.WrongPath;
      this.recordFailure(clientId, code, reason);
      throw new ProtocolException(code, reason, msg.taskId);
    }
    return this.securePhase.receive(clientId, slot, msg);
  }

  /** `eval:result`. @throws ProtocolException */
  receiveEval(clientId: string, msg: EvaluateResult): { ok: true; accepted: true } {
    const slot = this.openSlot(clientId, msg.taskId, TaskKind.Evaluate);
    try {
      checkResultRef(msg, this.setup);
    } catch (e) {
      throw this.refuse(slot, e);
    }
    slot.close('delivered');
    this.evals.add(msg.numExamples, msg.loss, msg.accuracy);
    this.deps.cohort.releaseTask(clientId, slot.taskId);
    this.deps.onChange();
    this.waiter.poke();
    return { ok: true, accepted: true };
  }

  private openTrainSlot(clientId: string, taskId: string): TaskSlot {
    return this.openSlot(clientId, taskId, TaskKind.Train);
  }

  /** The pending slot `taskId` of `clientId`, or a recorded refusal. */
  private openSlot(clientId: string, taskId: string, kind: TaskKind): TaskSlot {
    const slot = this.slots.get(taskId);
    const refuse = (code: ErrorCode, message: string): never => {
      this.recordFailure(clientId, code, message);
      this.deps.onChange();
      throw new ProtocolException(code, message, taskId);
    };
    if (!slot) return refuse(ErrorCode.UnknownTask, `task ${taskId} is not part of ${this.label}`);
    if (slot.clientId !== clientId) return refuse(ErrorCode.NotInCohort, `task ${taskId} was given to another client`);
    if (slot.kind !== kind) return refuse(ErrorCode.BadPayload, `task ${taskId} is a ${slot.kind} task, not ${kind}`);
    if (slot.state === 'delivered') return refuse(ErrorCode.Duplicate, `task ${taskId} was already delivered`);
    if (!slot.pending) return refuse(ErrorCode.StaleRound, `task ${taskId} of ${this.label} is closed (${slot.state}); result refused`);
    return slot;
  }

  /** Fails the slot for a refused message, records it, and returns the exception to throw. */
  private refuse(slot: TaskSlot, e: unknown): ProtocolException {
    const err = toRefusal(e, slot.taskId);
    const reason = `${slot.kind === TaskKind.Evaluate ? 'evaluation: ' : ''}${err.message}`;
    this.drop(slot, err.code, reason, false); // records the failure
    return err;
  }

  // ── stages ────────────────────────────────────────────────────────────

  private async waitForClients(): Promise<string | null> {
    const { config } = this.setup;
    const waitMs = config.waitForClientsSeconds * 1000;
    this.setPhase(RoundPhase.WaitingForClients, waitMs);
    // The active threat model signs with the key pinned at enrolment: clients without one cannot take part.
    const signed = this.secure && config.secureAggregation.threatModel === 'active';
    await this.waiter.until(() => this.deps.cohort.eligible(config.dataset, signed).length >= config.clientsPerRound, waitMs);
    this.eligibleIds = this.deps.cohort.eligible(config.dataset, signed);
    const n = this.eligibleIds.length;
    if (n >= config.minClients) return null;
    return `only ${n} eligible client(s) holding dataset '${config.dataset}' were connected and idle after ${config.waitForClientsSeconds} s; minClients is ${config.minClients}`;
  }

  private async configure(): Promise<string | null> {
    const { config, round, taskAckTimeoutMs } = this.setup;
    const attempt = this.seedAttempt;
    const size = Math.ceil(config.clientsPerRound * (1 + config.overSelection));
    const ids = sampleCohort(this.eligibleIds, size, createRng(deriveSeed(config.seed, 'cohort', round, attempt)));
    this.view.cohort = ids;
    this.trainDeadline = this.deps.clock.now() + config.roundDeadlineSeconds * 1000;
    this.setPhase(RoundPhase.Configuring, taskAckTimeoutMs);
    const encoding = this.secure ? this.encodingFor(ids) : null;
    const slots = ids.map((id) => this.offer(id, TaskKind.Train, this.setup.globalRef, this.trainDeadline, encoding));
    await this.waiter.until(() => slots.every((s) => s.state !== 'offered'), taskAckTimeoutMs);
    for (const s of slots) if (s.state === 'offered') this.drop(s, ErrorCode.DeadlinePassed, `did not accept the task within ${taskAckTimeoutMs} ms`, true);
    const live = slots.filter((s) => s.pending || s.state === 'delivered').length; // a fast client may already have delivered
    if (encoding) this.securePhase = new SecurePhase(this.secureHost(), encoding);
    if (live >= config.minClients) return null;
    return `only ${live} of ${ids.length} cohort member(s) accepted the task; minClients is ${config.minClients}`;
  }

  private async training(): Promise<string | null> {
    if (this.securePhase) return this.secureTraining(this.securePhase);
    const { config } = this.setup;
    const min = config.minClients;
    const ms = this.trainDeadline - this.deps.clock.now();
    this.setPhase(RoundPhase.Training, ms);
    const trainSlots = () => [...this.slots.values()].filter((s) => s.kind === TaskKind.Train);
    const counts = () => {
      let delivered = 0;
      let pending = 0;
      for (const s of trainSlots()) if (s.state === 'delivered') delivered++;
      else if (s.pending) pending++;
      return { delivered, pending };
    };
    const r = await this.waiter.until(() => {
      const c = counts();
      return c.delivered >= config.clientsPerRound || c.pending === 0 || c.delivered + c.pending < min;
    }, ms);
    const { delivered } = counts();
    for (const s of trainSlots()) {
      if (!s.pending) continue;
      if (r === 'deadline') this.drop(s, ErrorCode.DeadlinePassed, `no update before the round deadline (${config.roundDeadlineSeconds} s)`, true);
      else if (delivered >= config.clientsPerRound) this.drop(s, DropCode.Cancelled, `round reached its target of ${config.clientsPerRound} updates`, true);
    }
    if (delivered >= min) return null;
    return `only ${delivered} update(s) were accepted, minClients is ${min} (${failureSummary(this.view.failures)})`;
  }

  /** The training phase of a secure round: the SecAgg+ stages (see {@link SecurePhase}). */
  private async secureTraining(phase: SecurePhase): Promise<string | null> {
    this.setPhase(RoundPhase.Training, this.trainDeadline - this.deps.clock.now());
    const out = await phase.execute(this.trainDeadline);
    if ('failed' in out) return out.failed;
    this.secureInput = out.input;
    const open = new Map<string, TaskSlot>();
    for (const s of this.slots.values()) if (s.kind === TaskKind.Train && s.pending) open.set(s.clientId, s);
    for (const id of out.survivors) {
      const slot = open.get(id);
      if (!slot) continue;
      slot.close('delivered');
      this.deps.cohort.releaseTask(id, slot.taskId);
      this.view.participants.push(id);
    }
    for (const r of out.metrics) this.train.add(r.numExamples, r.metrics.loss, r.metrics.accuracy);
    return null;
  }

  private secureHost(): SecurePhaseHost {
    const { jobId, round, attempt, config } = this.setup;
    return {
      jobId,
      round,
      attempt,
      config,
      clock: this.deps.clock,
      waiter: this.waiter,
      trainSlots: () => [...this.slots.values()].filter((s) => s.kind === TaskKind.Train),
      signingKeyOf: (id) => this.deps.cohort.signingKeyOf(id),
      send: (clientId, taskId, message) => this.deps.link.sendSecAgg(clientId, () => ({ taskId, stage: message.stage, message: packOnce(message) })),
      drop: (slot, code, reason, notify) => this.drop(slot, code, reason, notify),
      recordFailure: (clientId, code, reason) => this.recordFailure(clientId, code, reason),
      showView: (v) => (this.view.secureAggregation = v),
      changed: () => this.deps.onChange(),
      addMasks: this.deps.addMasks,
    };
  }

  private encodingFor(ids: readonly string[]): SecureEncoding {
    const maxExamples = Math.max(1, ...ids.map((id) => this.deps.cohort.numExamplesOf(id)));
    return secureEncoding(this.setup.config.secureAggregation, ids.length, maxExamples, this.setup.global.data.length);
  }

  private async aggregate(): Promise<string | null> {
    this.setPhase(RoundPhase.Aggregating, null);
    const sum = this.sum;
    this.sum = null;
    let result;
    try {
      const { strategy, config, global, strategyState } = this.setup;
      const input = this.secureInput ?? sum!.toInput();
      result = await (this.deps.aggregate ?? aggregateInThread)({ strategy, config: config.strategy, global, input, state: strategyState });
    } catch (e) {
      return `aggregation failed: ${(e as Error).message}`;
    } finally {
      sum?.dispose(); // strategies return fresh arrays; the sum's memory serves the next round
      this.secureInput = null;
    }
    const saved = await this.deps.models.save(result.weights, this.setup.globalRef.topology, result.serialized);
    this.newHash = saved.hash;
    this.newState = result.state;
    return null;
  }

  private async evaluate(): Promise<string | null> {
    const { config, round } = this.setup;
    const attempt = this.seedAttempt;
    if (!config.evaluate) return null;
    const eligible = this.deps.cohort.eligible(config.dataset);
    const ids = sampleCohort(eligible, config.clientsPerRound, createRng(deriveSeed(config.seed, 'eval', round, attempt)));
    if (ids.length === 0) return null;
    const ms = config.roundDeadlineSeconds * 1000;
    this.setPhase(RoundPhase.Evaluating, ms);
    const ref = await this.deps.models.refOf(this.newHash);
    const slots = ids.map((id) => this.offer(id, TaskKind.Evaluate, ref, this.deps.clock.now() + ms));
    await this.waiter.until(() => slots.every((s) => !s.pending), ms);
    for (const s of slots) if (s.pending) this.drop(s, ErrorCode.DeadlinePassed, `evaluation: no result before the deadline (${config.roundDeadlineSeconds} s)`, true);
    return null; // an evaluation failure never fails the round
  }

  // ── tasks ─────────────────────────────────────────────────────────────

  private offer(clientId: string, kind: TaskKind, model: ModelRef, deadline: number, encoding: SecureEncoding | null = null): TaskSlot {
    const { jobId, round, attempt, config, taskAckTimeoutMs, strategy } = this.setup;
    const slot = new TaskSlot(this.deps.newTaskId(), clientId, kind);
    this.slots.set(slot.taskId, slot);
    this.deps.router.open(slot.taskId, this);
    this.deps.cohort.assignTask(clientId, slot.taskId);
    const task: RoundTask = {
      taskId: slot.taskId,
      kind,
      jobId,
      round,
      attempt,
      dataset: config.dataset,
      model,
      hyper: {
        localEpochs: config.localEpochs,
        batchSize: config.batchSize,
        learningRate: config.learningRate,
        proximalMu: strategy.clientHyper().proximalMu,
        ...(config.momentum ? { momentum: config.momentum } : {}),
        ...(config.weightDecay ? { weightDecay: config.weightDecay } : {}),
      },
      // Keyed by the client's name, not its (random) id, so a re-run with the same seed and clients trains identically.
      seed: deriveSeed(config.seed, 'client', round, this.seedAttempt, this.deps.cohort.nameOf(clientId)),
      deadline,
    };
    if (encoding) task.secure = encoding.task;
    this.deps.link.offerTask(clientId, task, taskAckTimeoutMs).then(
      (reply) => this.onOfferReply(slot, reply),
      (e: Error) => this.onOfferReply(slot, { accepted: false, reason: e.message }),
    );
    return slot;
  }

  private onOfferReply(slot: TaskSlot, reply: TaskAcceptReply): void {
    if (slot.state !== 'offered') return;
    if (reply.accepted) {
      slot.state = 'accepted';
      this.waiter.poke();
    } else this.drop(slot, DropCode.Declined, `${slot.kind === TaskKind.Evaluate ? 'evaluation: ' : ''}declined the task${reply.reason ? `: ${reply.reason}` : ''}`, false);
  }

  /** Closes a pending slot as failed/cancelled, records why, frees the client. */
  protected drop(slot: TaskSlot, code: string, reason: string, notify: boolean): void {
    if (!slot.pending) return;
    slot.close(code === DropCode.Cancelled ? 'cancelled' : 'failed');
    this.recordFailure(slot.clientId, code, reason);
    this.deps.cohort.releaseTask(slot.clientId, slot.taskId);
    if (notify) this.deps.link.cancelTask(slot.clientId, { taskId: slot.taskId, reason });
    this.waiter.poke();
    this.deps.onChange();
  }

  /** Adds a failure entry (once per client and code). */
  protected recordFailure(clientId: string, code: string, reason: string): void {
    if (this.view.failures.some((f) => f.clientId === clientId && f.code === code)) return;
    this.view.failures.push({ clientId, code, reason });
  }

  // ── phases ────────────────────────────────────────────────────────────

  private setPhase(phase: RoundPhase, deadlineMs: number | null): void {
    this.closePhaseClock();
    this.view.phase = phase;
    this.view.phaseDeadline = deadlineMs === null ? null : new Date(this.deps.clock.now() + deadlineMs).toISOString();
    this.deps.logger.debug(`${this.label}: ${phase}`);
    this.deps.onChange();
  }

  /** Adds the time since the current phase began to `view.phaseSeconds`. */
  private closePhaseClock(): void {
    const now = this.deps.clock.now();
    const p = this.view.phase;
    this.view.phaseSeconds[p] = (this.view.phaseSeconds[p] ?? 0) + (now - this.phaseStartedAt) / 1000;
    this.phaseStartedAt = now;
  }

  private end(): void {
    const now = this.deps.clock.now();
    for (const s of this.slots.values()) if (s.pending) this.drop(s, DropCode.Cancelled, this.view.failureReason ?? 'round ended', true);
    this.sum?.dispose();
    this.sum = null;
    this.view.endedAt = new Date(now).toISOString();
    this.view.seconds = (now - this.startedAt) / 1000;
    this.view.phaseDeadline = null;
  }

  private finish(): RoundOutcome {
    this.view.metrics = {
      trainLoss: this.train.loss,
      trainAccuracy: this.train.accuracy,
      evalLoss: this.evals.loss,
      evalAccuracy: this.evals.accuracy,
      examples: this.train.examples,
    };
    this.closePhaseClock();
    this.view.phase = RoundPhase.Done;
    this.end();
    const m = this.view.metrics;
    this.deps.logger.log(
      `${this.label} done in ${this.view.seconds?.toFixed(2)} s: ${this.view.participants.length}/${this.view.cohort.length} updates, ${m.examples} examples, ` +
        `train loss ${m.trainLoss?.toFixed(4) ?? '-'} acc ${m.trainAccuracy?.toFixed(4) ?? '-'}, eval loss ${m.evalLoss?.toFixed(4) ?? '-'} acc ${m.evalAccuracy?.toFixed(4) ?? '-'}, ` +
        `${this.view.failures.length} failure(s), model ${this.newHash.slice(0, 12)}`,
    );
    this.deps.onChange();
    return { ok: true, modelHash: this.newHash, state: this.newState! };
  }

  private fail(reason: string, stopped: boolean): RoundOutcome {
    this.closePhaseClock();
    this.view.phase = RoundPhase.Failed;
    this.view.failureReason = reason;
    this.end();
    this.deps.logger.warn(`${this.label} failed after ${this.view.seconds?.toFixed(2)} s: ${reason}`);
    this.deps.onChange();
    return { ok: false, reason, stopped };
  }
}

/** Encoded stage requests by object: a request the library shares among clients (the same config, keys or signatures for all) is packed once. */
const packed = new WeakMap<object, Uint8Array>();
function packOnce(message: object): Uint8Array {
  let bytes = packed.get(message);
  if (!bytes) {
    bytes = packMessage(message);
    packed.set(message, bytes);
  }
  return bytes;
}
