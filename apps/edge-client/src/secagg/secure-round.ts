/**
 * @module secagg/secure-round
 * One task's secure-aggregation round on the edge client (SecAgg+, Bell et
 * al., CCS 2020). Requests are processed strictly in arrival order, one at a
 * time, each as
 *
 *   load state → check stage → dispatch → save state → send the answer
 *
 * - load: the round's `ClientState` (fresh X25519 keys, b_u, the shares held
 *   for neighbours), created at the first request; memory only, so a
 *   restarted process cannot finish the round, and must not (fresh keys every
 *   round);
 * - check: the packed message decodes and names the envelope's stage; a
 *   masked-input request the client expects waits for the encoded update
 *   (`supply`), at most until the task deadline;
 * - dispatch: `clientStep` of `@fl/secagg` with the client's policy and its
 *   pinned peer keys (secagg/trust), which enforces the stage order;
 * - save: the new state (and any newly pinned peer keys);
 * - send: secagg/stage-sender. The round is done once the unmask answer is
 *   acknowledged. A complaint sent instead of the masked input (some
 *   neighbour's signed share ciphertext does not open; docs/secure-aggregation.md
 *   "Blame") ends the round for this client: abandoned with `SECAGG_COMPLAINED`.
 *
 * Policy: the advertise-keys request is the first that names the round's
 * threshold t. Below the client's `--min-threshold` (policy `thresholdBreach`)
 * the client answers nothing: it withdraws from the task (`task:withdraw`
 * with `POLICY_THRESHOLD_TOO_LOW`, recorded in the round's failures) and
 * abandons the round.
 *
 * The round is abandoned, and nothing more is sent for it, when `clientStep`
 * refuses a request (wrong order, bad signature, double-reveal request, weak
 * parameters, a changed peer key, …; logged at warn level with its code), the
 * task is cancelled, a send fails for good, or the task deadline passes
 * before the update is ready, or `graceMs` after it (the late stages run after
 * the masked inputs are collected) the round has not ended.
 */
import type { PolicyRefusalCode, SecAggStageName } from '@fl/protocol';
import { SecAggError, SecAggErrorCode, clientStep, createClient, isComplaint, nodeBackend, unpackMessage, type ClientEnv, type ClientState, type SecAggConfig, type ServerMessage } from '@fl/secagg/node';
import { ClientError, errorMessage } from '../errors';
import { thresholdBreach } from '../policy';
import { RoundLifetime } from './round-lifetime';
import type { SecureUpdate } from './secure-update';
import { formatSecureRound, StageTally, type SecureRoundStats } from './secure-round-stats';
import { sendStageAnswer } from './stage-sender';
import type { SecAggDriverOptions, SecureTask } from './stage-driver';
import { persistNewPins, trustEnv } from './trust';

const NO_INPUT = new Uint32Array(0);

export class SecureRound extends RoundLifetime<SecureRoundStats> {
  private refusal: Error | null = null;
  private state: ClientState | null = null;
  private config: SecAggConfig | null = null;
  private queue: Promise<void> = Promise.resolve();
  private readonly tally = new StageTally();

  constructor(task: SecureTask, taskSignal: AbortSignal, o: SecAggDriverOptions) {
    super(task, taskSignal, o);
    this.start();
  }

  /** Queues a stage request (envelope validated; `packed` as sent) behind the ones before it. */
  enqueue(stage: SecAggStageName, packed: Uint8Array): void {
    if (this.closed) return;
    this.queue = this.queue.then(() => this.process(stage, packed)).catch((e: Error) => this.abandon(e));
  }

  /** Whether `e` is the refusal this round already logged (at warn level). */
  alreadyLogged(e: unknown): boolean {
    return e !== null && e === this.refusal;
  }

  /** Abandons the round because a request was refused; logged at warn level with the code. */
  refuse(stage: string, e: unknown): void {
    if (this.closed) return;
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
    if (this.closed) return;
    // Load. The client id is read at the first request, not when the task arrives: a
    // coordinator may send the task before the registration ack that names it.
    let message: ServerMessage;
    try {
      this.state ??= createClient(String(this.o.connection.clientId));
      // Check.
      message = unpackMessage(packed) as ServerMessage;
      if (message?.stage !== stage) throw new SecAggError(SecAggErrorCode.BadPayload, `the envelope names stage ${stage}, the message ${String(message?.stage)}`);
    } catch (e) {
      return this.refuse(stage, e);
    }
    // Policy: the round's threshold t, checked before anything that depends on it is sent.
    if (message.stage === 'advertise-keys' && typeof message.config?.t === 'number') {
      const breach = thresholdBreach(message.config.t, { minThreshold: this.o.minThreshold });
      if (breach) return this.withdraw(breach.code, breach.reason);
    }
    let update: SecureUpdate | null = null;
    if (stage === 'masked-input') {
      // Wait only for a request the client expects; any other is refused by clientStep without waiting.
      update = this.state.next === 'masked-input' ? await this.waitForUpdate() : this.update;
      if (this.closed || !this.state) return;
    }
    // Dispatch.
    const pinned = this.o.identity?.pins.size ?? 0;
    const input = stage === 'masked-input' ? (update?.values ?? NO_INPUT) : undefined;
    let step;
    try {
      step = this.tally.timed(stage, () => clientStep(this.state!, message, { ...this.env(), input }));
    } catch (e) {
      return this.refuse(stage, e);
    }
    // Save.
    if (stage === 'advertise-keys') persistNewPins(this.o.identity, pinned, this.o.log);
    this.state = step.state;
    this.config ??= step.state.config;
    this.tally.stages.push(stage);
    // Send.
    await sendStageAnswer(this.sendContext(), step.output, update);
    this.o.onSent?.(stage, this.taskId);
    if (stage === 'unmask') this.complete();
    else if (isComplaint(step.output)) {
      const accused = step.output.complaint.accused.join(', ');
      this.o.log.warn('secagg_complaint', `secure round of task ${this.taskId}: the share ciphertexts of ${accused} do not open; complained to the coordinator with evidence`, { taskId: this.taskId, round: this.task.round, accused: step.output.complaint.accused });
      this.abandon(new ClientError('SECAGG_COMPLAINED', `complained about ${accused}`));
    }
  }

  /**
   * Leaves the round under the client's policy: abandons it (nothing more is
   * processed or sent for it) and tells the coordinator with `task:withdraw`,
   * so the round records the code; a failed notice is logged, the round stays
   * abandoned (the coordinator then times the client out of the stage).
   */
  private async withdraw(code: PolicyRefusalCode, reason: string): Promise<void> {
    const err = new ClientError(code, reason);
    this.refusal = err;
    this.o.log.warn('policy_withdraw', `secure round of task ${this.taskId}: ${reason}; withdrawing from the task (${code})`, { taskId: this.taskId, round: this.task.round, code });
    const timeoutMs = this.timeout();
    this.abandon(err);
    try {
      await this.o.connection.request('task:withdraw', { taskId: this.taskId, code, reason }, timeoutMs);
    } catch (e) {
      this.o.log.warn('policy_withdraw', `task ${this.taskId}: the coordinator did not take the withdrawal: ${errorMessage(e)}`, { taskId: this.taskId, code });
    }
  }

  private env(): ClientEnv {
    return {
      backend: nodeBackend,
      signingSecretKey: this.o.identity?.secretKey,
      ...trustEnv(this.o.identity, this.o.allowSemiHonest === true), // ⚑ policy and peer-key pins: see secagg/trust
      ...this.o.env,
    };
  }

  private sendContext() {
    return {
      taskId: this.taskId,
      connection: this.o.connection,
      log: this.o.log,
      closed: () => (this.closed ? (this.failure ?? new ClientError('CANCELLED', 'round closed')) : null),
      timeout: () => this.timeout(),
      untilEnd: () => this.endsAt() - this.now(),
    };
  }

  protected override wipe(): void {
    this.state = null; // keys and shares: gone with the round
  }

  /** Logs the `secagg_round` event (JSON) / one human line, unless nothing happened at all. */
  protected report(outcome: string): SecureRoundStats {
    const cfg = this.config;
    const t = this.tally;
    const s: SecureRoundStats = {
      taskId: this.taskId,
      round: this.task.round,
      stages: [...t.stages],
      keyAgreementCpuSeconds: t.keyAgreementCpuSeconds,
      maskCpuSeconds: t.maskCpuSeconds,
      clipFraction: this.update?.clipFraction ?? null,
      k: cfg?.k ?? null,
      t: cfg?.t ?? null,
      n: cfg?.participants.length ?? null,
      outcome,
    };
    if (s.stages.length > 0 || outcome === 'done') this.o.log.info('secagg_round', formatSecureRound(s), s);
    return s;
  }
}
