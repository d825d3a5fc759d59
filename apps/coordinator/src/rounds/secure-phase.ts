/**
 * @module rounds/secure-phase
 * The training phase of a secure round: SecAgg+ (Bell et al., CCS 2020) runs
 * alongside local training. The cohort members that accepted the task are
 * U0; keys are advertised and shared while they train, the masked inputs are
 * collected until the round deadline, then (active model) the consistency
 * check and the unmasking follow, each stage bounded by
 * `stageTimeoutSeconds`. A stage closes as soon as every client it waits for
 * has answered or left the round.
 *
 * The coordinator never holds an individual update: masked vectors are added
 * into the library's one running sum as they arrive and their bytes are
 * dropped. The outcome is either the unmasked Σ w·Δ (as an `AggregateInput`,
 * so the strategy cannot tell) or a failure with the stage and the reason
 * (fewer than t survivors, a share mismatch …); the round then fails and is
 * retried with a new cohort and fresh keys.
 */
import type { AggregateInput } from '@fl/fl-core';
import { ErrorCode, type JobConfig, type SecAggRoundView, type SecAggSubmit, type TrainMetrics } from '@fl/protocol';
import { createSecAggConfig, releaseSum, SecAggError, unpackMessage, wordsOf, type ClientMessage, type MaskAdder, type ServerMessage } from '@fl/secagg/node';
import { ProtocolException } from '../common/errors/protocol.exception';
import { SecureAggregationRun } from '../secure-aggregation/secure-aggregation-run';
import { secureAggregateInput } from '../secure-aggregation/secure-input';
import { MIN_SECURE_COHORT, secAggParamsFor, type SecureEncoding } from '../secure-aggregation/secure-params';
import type { Clock } from './clock';
import type { TaskSlot } from './task-slot';
import type { Waiter } from './waiter';

/** Codes the round records for clients that left the secure protocol without a refused message. */
export const SecureDropCode = { StageTimeout: 'SECAGG_STAGE_TIMEOUT' } as const;

/** The round-run internals the secure phase works with. */
export interface SecurePhaseHost {
  readonly jobId: string;
  readonly round: number;
  readonly attempt: number;
  readonly config: JobConfig;
  readonly clock: Clock;
  readonly waiter: Waiter;
  /** Open train slots of the accepted cohort members. */
  trainSlots(): TaskSlot[];
  signingKeyOf(clientId: string): Uint8Array | null;
  send(clientId: string, taskId: string, message: ServerMessage): void;
  drop(slot: TaskSlot, code: string, reason: string, notify: boolean): void;
  recordFailure(clientId: string, code: string, reason: string): void;
  /** Publishes the live status object in the round view. */
  showView(view: SecAggRoundView): void;
  changed(): void;
  /** Adds the unmasking's masks (e.g. in a worker thread); default: in the event loop. */
  addMasks?: MaskAdder;
}

export interface SecureOutcome {
  input: AggregateInput;
  survivors: string[];
  /** Training metrics of the survivors, as they reported them. */
  metrics: Array<{ numExamples: number; metrics: TrainMetrics }>;
}

export class SecurePhase {
  private run: SecureAggregationRun | null = null;
  private readonly reported = new Map<string, { numExamples: number; metrics: TrainMetrics }>();

  constructor(
    private readonly host: SecurePhaseHost,
    private readonly encoding: SecureEncoding,
  ) {}

  /**
   * Runs the protocol to the end. `trainDeadline` bounds the masked-input
   * stage; returns the aggregate input, or a failure reason.
   */
  async execute(trainDeadline: number): Promise<SecureOutcome | { failed: string }> {
    const h = this.host;
    const s = h.config.secureAggregation;
    const slots = h.trainSlots().filter((x) => x.pending);
    const need = Math.max(MIN_SECURE_COHORT, h.config.minClients);
    if (slots.length < need) return { failed: `secure aggregation needs at least ${need} clients; only ${slots.length} accepted the task` };
    const bySlot = new Map(slots.map((x) => [x.clientId, x]));
    const participants = [...bySlot.keys()];
    const { k, t } = secAggParamsFor(participants.length, s);
    const signingKeys: Record<string, Uint8Array> = {};
    if (s.threatModel === 'active')
      for (const id of participants) {
        const key = h.signingKeyOf(id);
        if (key) signingKeys[id] = key;
      }
    const config = createSecAggConfig({
      runId: `${h.jobId}.r${h.round}.a${h.attempt}`,
      round: h.round,
      participants,
      vectorLength: this.encoding.task.vectorLength,
      k,
      t,
      threatModel: s.threatModel,
      signingKeys,
    });
    this.run = new SecureAggregationRun(config, { send: (id, m) => h.send(id, bySlot.get(id)!.taskId, m), now: () => h.clock.now(), addMasks: h.addMasks });
    h.showView(this.run.view);
    this.run.begin();
    h.changed();
    const stageMs = s.stageTimeoutSeconds * 1000;
    for (;;) {
      const stage = this.run.stage!;
      const ms = stage === 'masked-input' ? Math.max(0, trainDeadline - h.clock.now()) : stageMs;
      const live = (id: string) => bySlot.get(id)!.pending;
      await h.waiter.until(() => this.run!.pending().every((id) => !live(id)), ms);
      for (const id of this.run.pending())
        if (live(id)) h.drop(bySlot.get(id)!, SecureDropCode.StageTimeout, `no ${stage} message within ${Math.round(ms / 1000)} s`, true);
      const out = await this.run.close();
      h.changed();
      if (out.kind === 'failed') return { failed: out.reason };
      if (out.kind === 'done') {
        const survivors = out.result.survivors;
        const input = secureAggregateInput(out.result, this.encoding.quantizer);
        releaseSum(out.result.sum);
        // Every survivor's masked input was accepted, so each one reported its metrics with it.
        return { input, survivors, metrics: survivors.map((id) => this.reported.get(id)!) };
      }
      // Clients no longer in the protocol are released: nothing more will be asked of them.
      const next = new Set(this.run.pending());
      for (const [id, slot] of bySlot) if (slot.pending && !next.has(id)) h.drop(slot, SecureDropCode.StageTimeout, `left the secure aggregation before ${out.stage}`, true);
    }
  }

  /**
   * One client's stage message. For masked-input the vector was uploaded with
   * `update:chunk` into the slot and is taken from there.
   * @throws ProtocolException
   */
  receive(clientId: string, slot: TaskSlot, msg: SecAggSubmit): { ok: true; accepted: true } {
    const run = this.run;
    if (!run) throw new ProtocolException(ErrorCode.StageOrder, 'secure aggregation has not started for this round', slot.taskId);
    let message: ClientMessage;
    try {
      message = unpackMessage(msg.message) as ClientMessage;
    } catch (e) {
      throw this.refuse(clientId, slot, ErrorCode.BadPayload, e instanceof SecAggError ? e.message : 'undecodable stage message');
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message) || message.stage !== msg.stage)
      throw this.refuse(clientId, slot, ErrorCode.BadPayload, `the packed message's stage does not match the envelope's (${msg.stage})`);
    if (message.sender !== clientId) throw this.refuse(clientId, slot, ErrorCode.ForgedIdentity, `message names sender ${String(message.sender)} but comes from ${clientId}`);
    if (message.stage === 'masked-input') {
      if (run.stage !== 'masked-input') throw this.refuse(clientId, slot, ErrorCode.StageOrder, `masked input during ${run.stage ?? 'no stage'}`);
      const inline = Object.prototype.hasOwnProperty.call(message, 'masked');
      if (inline && slot.hasUpload) throw this.refuse(clientId, slot, ErrorCode.BadPayload, 'the masked vector came both inline and through update:chunk');
      if (!inline) {
        // The vector was uploaded with update:chunk (too big to travel inline).
        let words: Uint32Array | null;
        try {
          words = wordsOf(slot.takeUpload());
        } catch (e) {
          throw this.refuse(clientId, slot, ErrorCode.BadPayload, (e as Error).message);
        }
        if (!words) throw this.refuse(clientId, slot, ErrorCode.BadPayload, 'masked vector is not a whole number of 32-bit words');
        (message as { masked: Uint32Array }).masked = words;
      }
    }
    const r = run.receive(message);
    if (!r.accepted) throw this.refuse(clientId, slot, toErrorCode(r.error.code), r.error.message);
    if (message.stage === 'masked-input') {
      this.reported.set(clientId, { numExamples: msg.numExamples!, metrics: msg.metrics! });
      if (msg.clipFraction !== undefined) run.view.maxClipFraction = Math.max(run.view.maxClipFraction ?? 0, msg.clipFraction);
    }
    this.host.changed();
    this.host.waiter.poke();
    return { ok: true, accepted: true };
  }

  private refuse(clientId: string, slot: TaskSlot, code: ErrorCode, message: string): ProtocolException {
    this.host.recordFailure(clientId, code, `secure aggregation: ${message}`);
    this.host.changed();
    return new ProtocolException(code, message, slot.taskId);
  }
}

const KNOWN = new Set<string>(Object.values(ErrorCode));

/** Library refusal codes that are protocol codes pass through; any other is BAD_PAYLOAD. */
function toErrorCode(code: string): ErrorCode {
  return KNOWN.has(code) ? (code as ErrorCode) : ErrorCode.BadPayload;
}
