/**
 * @module rounds/round-run
 * One attempt of one federated round as an explicit state machine:
 *
 *   waiting_for_clients → configuring → training → aggregating → evaluating → done
 *                      ↘ failed (from any phase, with a stated reason)
 *
 * Framework-free: time comes from an injected Clock and every wait has a
 * deadline. FedAvg failure handling (McMahan et al., AISTATS 2017; Bonawitz
 * et al., "Towards Federated Learning at Scale", SysML 2019):
 * over-select ceil(clientsPerRound·(1+overSelection)); drop decliners,
 * non-ackers, disconnects, refused and late updates; fewer than minClients
 * updates fail the attempt and the global model is kept.
 *
 * The attempt keeps the phase clock, the cohort and the bookkeeping (task
 * slots, failures, metrics). The training phase is pluggable
 * ({@link TrainingPhase}: plain or secure), owns its message intake and
 * returns the strategy's input; message refusals are recorded in
 * `view.failures`.
 */
import { createRng, poissonSample, sampleCohort, type AggregateInput, type StrategyState } from '@fl/fl-core';
import { ErrorCode, RoundPhase, TaskKind, type EvaluateResult, type RoundView, type SecAggSubmit, type TaskWithdraw, type TrainMetrics, type UpdateChunk, type UpdateCommit } from '@fl/protocol';
import { aggregateInThread } from '../aggregation/aggregate-worker';
import { deriveSeed } from './derive-seed';
import { DropCode } from './round-codes';
import { checkResultRef } from './round-refusal';
import type { RoundDeps, RoundOutcome, RoundSetup } from './round-setup';
import { RoundMembers } from './round-members';
import { RoundTasks } from './round-tasks';
import { doneSummary, failureSummary, newRoundView } from './round-view';
import type { TrainingHost, TrainingPhase } from './training-phase';
import { trainingPhaseFor } from './training-phases';
import { Waiter } from './waiter';
import { screenSuspects } from './suspect-screen';
import { WeightedMean } from './weighted-mean';
import { federatedEvaluationDue } from './evaluation-cadence';
import { FederatedEvaluationTally } from './federated-evaluation';
import { PrivacyError } from '@fl/privacy';
import { adaptClip, centralNoiseStddev, roundPrivacyView, secureUniform, taskPrivacy } from '../privacy/round-privacy';

export type { RoundDeps, RoundOutcome, RoundSetup } from './round-setup';

export class RoundRun {
  readonly view: RoundView;
  private readonly tasks: RoundTasks;
  private readonly members: RoundMembers;
  private readonly trainingPhase: TrainingPhase;
  private readonly trainMeans = new WeightedMean();
  private readonly evalTally = new FederatedEvaluationTally();
  private evaluated = false;
  private readonly waiter: Waiter;
  private stopReason: string | null = null;
  private eligibleIds: string[] = [];
  private trainDeadline = 0;
  private input: AggregateInput | null = null;
  /** Adaptive clipping: the round's noisy Σ(b − ½) (decoded from the masked sum, or counted and noised here in trusted-server mode). */
  private unclippedCentred: number | undefined;
  private newHash = '';
  private newState: StrategyState | null = null;
  private readonly startedAt: number;
  private phaseStartedAt: number;

  constructor(
    readonly setup: RoundSetup,
    private readonly deps: RoundDeps,
  ) {
    this.waiter = new Waiter(deps.clock);
    this.startedAt = deps.clock.now();
    this.phaseStartedAt = this.startedAt;
    this.view = newRoundView(setup.round, setup.attempt, this.startedAt);
    this.members = new RoundMembers(this.view, deps.clock, this.startedAt);
    this.tasks = new RoundTasks(setup, deps, this.view, this.waiter, this, this.label, this.members);
    this.trainingPhase = trainingPhaseFor(this.host());
  }

  /** Exact size of one client's whole upload (the phase's). */
  get expectedBytes(): number {
    return this.trainingPhase.expectedBytes;
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

  private get label(): string {
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
    this.tasks.dropClient(clientId);
  }

  /** Something changed in the client registry: re-check the current wait. */
  clientsChanged(): void {
    this.waiter.poke();
  }

  // ── intake (messages from clients, routed here by task id) ──────────────

  /** `update:chunk`. @throws ProtocolException */
  /**
   * `clientId` was allowed chunk `index` of model `hash` (socket `model:fetch`
   * or bulk channel). A train member with its task open that fetches this
   * round's global model for the first time gets a `downloading` step (a bulk
   * request may overtake the socket's accept, so `offered` counts too); once
   * the last chunk is served during the training phase it is back to `training`.
   */
  modelFetched(clientId: string, hash: string, index: number): void {
    const ref = this.setup.globalRef;
    if (hash !== ref.hash || !this.tasks.holdsPending(clientId, TaskKind.Train)) return;
    const last = this.members.last(clientId);
    if (!this.members.reached(clientId, 'downloading') && (last === 'offered' || last === 'accepted' || last === 'training')) this.members.step(clientId, 'downloading');
    if (index === ref.chunks - 1 && this.members.last(clientId) === 'downloading' && this.view.phase === RoundPhase.Training) this.members.step(clientId, 'training');
  }

  receiveChunk(clientId: string, msg: UpdateChunk): { ok: true; received: number } {
    return { ok: true, received: this.tasks.addChunk(clientId, msg, this.expectedBytes) };
  }

  /** Bulk channel, before reading: would `length` bytes be accepted as the task's whole upload? @throws ProtocolException */
  expectUpload(clientId: string, taskId: string, length: number): void {
    this.tasks.expectWhole(clientId, taskId, length, this.expectedBytes);
  }

  /** `update:commit`: handed to the training phase; a refusal drops the slot. @throws ProtocolException */
  receiveCommit(clientId: string, msg: UpdateCommit): { ok: true; accepted: true } {
    const slot = this.tasks.open(clientId, msg.taskId, TaskKind.Train);
    try {
      this.trainingPhase.receiveCommit(clientId, slot, msg);
    } catch (e) {
      throw this.tasks.refuse(slot, e);
    }
    return { ok: true, accepted: true };
  }

  /** `secagg:message`: handed to the training phase; a refusal is recorded, the slot stays open. @throws ProtocolException */
  receiveSecAgg(clientId: string, msg: SecAggSubmit): { ok: true; accepted: true } {
    const slot = this.tasks.open(clientId, msg.taskId, TaskKind.Train);
    this.trainingPhase.receiveSecAgg(clientId, slot, msg);
    return { ok: true, accepted: true };
  }

  /** `task:withdraw`: the client leaves its train task under its privacy policy; recorded with its code. @throws ProtocolException */
  receiveWithdraw(clientId: string, msg: TaskWithdraw): { ok: true; withdrawn: true } {
    this.tasks.withdraw(clientId, msg);
    return { ok: true, withdrawn: true };
  }

  /** `eval:result`. @throws ProtocolException */
  receiveEval(clientId: string, msg: EvaluateResult): { ok: true; accepted: true } {
    const slot = this.tasks.open(clientId, msg.taskId, TaskKind.Evaluate);
    try {
      checkResultRef(msg, this.setup);
    } catch (e) {
      throw this.tasks.refuse(slot, e);
    }
    this.tasks.deliver(slot);
    this.evalTally.add(clientId, msg);
    this.deps.onChange();
    this.waiter.poke();
    return { ok: true, accepted: true };
  }

  // ── stages ────────────────────────────────────────────────────────────

  private async waitForClients(): Promise<string | null> {
    const { config } = this.setup;
    const waitMs = config.waitForClientsSeconds * 1000;
    this.setPhase(RoundPhase.WaitingForClients, waitMs);
    const signed = this.trainingPhase.signedOnly;
    await this.waiter.until(() => this.eligible(signed).length >= config.clientsPerRound, waitMs);
    this.eligibleIds = this.screened(this.eligible(signed));
    const n = this.eligibleIds.length;
    if (n >= config.minClients) return null;
    return `only ${n} eligible client(s) holding dataset '${config.dataset}' were connected and idle after ${config.waitForClientsSeconds} s; minClients is ${config.minClients}`;
  }

  private async configure(): Promise<string | null> {
    const { config, round, taskAckTimeoutMs } = this.setup;
    const attempt = this.seedAttempt;
    const size = Math.ceil(config.clientsPerRound * (1 + config.overSelection));
    // DP: Poisson sampling with secret draws (each online client with probability q), as the accountant assumes.
    const ids = config.privacy
      ? poissonSample(this.eligibleIds, config.privacy.samplingRate, this.deps.uniform ?? secureUniform)
      : sampleCohort(this.eligibleIds, size, createRng(deriveSeed(config.seed, 'cohort', round, attempt)));
    this.view.cohort = ids;
    if (config.privacy && ids.length < config.minClients) return `Poisson sampling (q = ${config.privacy.samplingRate}) drew ${ids.length} of ${this.eligibleIds.length} eligible client(s); minClients is ${config.minClients}`;
    this.trainDeadline = this.deps.clock.now() + config.roundDeadlineSeconds * 1000;
    this.setPhase(RoundPhase.Configuring, taskAckTimeoutMs);
    let extra;
    try {
      // The phase's own privacy field (distributed mode: the round's encoding) wins over the common one.
      const privacy = config.privacy ? { privacy: taskPrivacy(config.privacy, { cohort: ids.length, budget: this.setup.privacyBudget, minClients: config.minClients, clip: this.setup.privacyClip }) } : {};
      extra = { ...privacy, ...this.trainingPhase.offerTo(ids) };
    } catch (e) {
      if (e instanceof PrivacyError) return `privacy: ${e.code}: ${e.message}`;
      throw e;
    }
    const slots = ids.map((id) => this.tasks.offer(id, TaskKind.Train, this.setup.globalRef, this.trainDeadline, extra));
    await this.waiter.until(() => slots.every((s) => s.state !== 'offered'), taskAckTimeoutMs);
    for (const s of slots) if (s.state === 'offered') this.tasks.drop(s, ErrorCode.DeadlinePassed, `did not accept the task within ${taskAckTimeoutMs} ms`, true);
    const live = slots.filter((s) => s.pending || s.state === 'delivered').length; // a fast client may already have delivered
    if (live >= config.minClients) return null;
    return `only ${live} of ${ids.length} cohort member(s) accepted the task; minClients is ${config.minClients}`;
  }

  private async training(): Promise<string | null> {
    this.members.advance(['accepted', 'downloading'], 'training');
    this.setPhase(RoundPhase.Training, this.trainDeadline - this.deps.clock.now());
    const out = await this.trainingPhase.run(this.trainDeadline);
    if ('failed' in out) return out.failed;
    this.input = out.input;
    this.unclippedCentred = out.unclippedCentred;
    return null;
  }

  private async aggregate(): Promise<string | null> {
    this.setPhase(RoundPhase.Aggregating, null);
    const input = this.input!;
    this.input = null;
    let result;
    try {
      const { strategy, config, global, strategyState } = this.setup;
      // Trusted-server DP: σ = z·S on the sum of clipped updates (docs/privacy.md); in distributed mode the clients added it.
      const noiseStddev = config.privacy?.mode === 'trusted-server' ? centralNoiseStddev(config.privacy, this.setup.privacyClip) : undefined;
      result = await (this.deps.aggregate ?? aggregateInThread)({ strategy, config: config.strategy, global, input, state: strategyState, noiseStddev });
    } catch (e) {
      return `aggregation failed: ${(e as Error).message}`;
    } finally {
      this.trainingPhase.dispose();
    }
    const saved = await this.deps.models.save(result.weights, this.setup.globalRef.topology, result.serialized);
    this.newHash = saved.hash;
    this.newState = result.state;
    return null;
  }

  private async evaluate(): Promise<string | null> {
    const { config, round } = this.setup;
    const attempt = this.seedAttempt;
    if (!federatedEvaluationDue(config, round)) return null;
    this.evaluated = true;
    const eligible = this.eligible(false);
    const ids = sampleCohort(eligible, config.clientsPerRound, createRng(deriveSeed(config.seed, 'eval', round, attempt)));
    if (ids.length === 0) return null;
    const ms = config.roundDeadlineSeconds * 1000;
    this.setPhase(RoundPhase.Evaluating, ms);
    const ref = await this.deps.models.refOf(this.newHash);
    const slots = ids.map((id) => this.tasks.offer(id, TaskKind.Evaluate, ref, this.deps.clock.now() + ms));
    await this.waiter.until(() => slots.every((s) => !s.pending), ms);
    for (const s of slots) if (s.pending) this.tasks.drop(s, ErrorCode.DeadlinePassed, `evaluation: no result before the deadline (${config.roundDeadlineSeconds} s)`, true);
    return null; // an evaluation failure never fails the round
  }

  /**
   * The eligible clients this attempt samples from, the job's suspects screened
   * (rounds/suspect-screen; docs/secure-aggregation.md "Screening suspects").
   */
  private screened(eligible: string[]): string[] {
    const suspicion = this.setup.suspicion;
    if (!suspicion || suspicion.groups.length === 0) return eligible;
    const { config, round } = this.setup;
    const options = { need: this.trainingPhase.minCohort, size: Math.ceil(config.clientsPerRound * (1 + config.overSelection)), firstAttempt: this.seedAttempt === 1 };
    const s = screenSuspects(eligible, suspicion, options, createRng(deriveSeed(config.seed, 'screen', round, this.seedAttempt)));
    if (s.heldBack > 0 || s.tested > 0) this.deps.logger.log(`${this.label}: screening suspects of refused secure sums: ${s.heldBack} held back, ${s.tested} let in (${s.pool.length} to sample from)`);
    return s.pool;
  }

  /** Eligible clients for this job: never one quarantined in it (docs/secure-aggregation.md "Blame"). */
  private eligible(signed: boolean): string[] {
    const all = this.deps.cohort.eligible(this.setup.config.dataset, signed);
    const q = this.setup.quarantined;
    return q && q.size > 0 ? all.filter((id) => !q.has(id)) : all;
  }

  /** What the training phase may do to this attempt. */
  private host(): TrainingHost {
    return {
      setup: this.setup,
      deps: this.deps,
      waiter: this.waiter,
      label: this.label,
      trainSlots: () => this.tasks.ofKind(TaskKind.Train),
      drop: (slot, code, reason, notify) => this.tasks.drop(slot, code, reason, notify),
      release: (slot, reason) => this.tasks.release(slot, reason),
      recordFailure: (clientId, code, reason) => this.tasks.recordFailure(clientId, code, reason),
      memberStep: (clientId, state) => this.members.step(clientId, state),
      deliver: (slot) => {
        this.tasks.deliver(slot);
        this.view.participants.push(slot.clientId);
      },
      exclude: (clientId) => {
        const i = this.view.participants.indexOf(clientId);
        if (i >= 0) this.view.participants.splice(i, 1);
      },
      countTraining: (n: number, m: TrainMetrics) => this.trainMeans.add(n, m.loss, m.accuracy),
      showSecureView: (v) => (this.view.secureAggregation = v),
      refusedSum: (code, contributors) => (this.view.refusedSum = { code, contributors: [...contributors].sort() }),
      showUpdateBound: (v) => (this.view.updateBound = v),
      failureSummary: () => failureSummary(this.view.failures),
    };
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
    for (const s of this.tasks.pending()) this.tasks.drop(s, DropCode.Cancelled, this.view.failureReason ?? 'round ended', true);
    this.trainingPhase.dispose();
    this.view.endedAt = new Date(now).toISOString();
    this.view.seconds = (now - this.startedAt) / 1000;
    this.view.phaseDeadline = null;
  }

  private finish(): RoundOutcome {
    const federated = this.evalTally.summary();
    this.view.metrics = {
      trainLoss: this.trainMeans.loss,
      trainAccuracy: this.trainMeans.accuracy,
      evalLoss: federated?.loss ?? null,
      evalAccuracy: federated?.accuracy ?? null,
      examples: this.trainMeans.examples,
    };
    if (this.evaluated) this.view.evaluation = { federated, centralized: null };
    const dp = this.setup.config.privacy;
    if (dp) {
      const clip = this.setup.privacyClip ?? dp.clip;
      const adapted = dp.adaptiveClipping && this.unclippedCentred !== undefined ? adaptClip(dp, clip, this.unclippedCentred, this.setup.config.clientsPerRound) : undefined;
      this.view.privacy = roundPrivacyView(dp, this.view.participants.length, clip, adapted);
    }
    this.closePhaseClock();
    this.view.phase = RoundPhase.Done;
    this.end();
    this.deps.logger.log(`${this.label} ${doneSummary(this.view, this.newHash)}`);
    this.deps.onChange();
    const evaluation = this.evaluated ? { summary: federated, clients: this.evalTally.clients() } : null;
    return { ok: true, modelHash: this.newHash, state: this.newState!, federatedEval: evaluation };
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
