/**
 * @module secure-aggregation/secure-training
 * The training phase of a secure round (docs/secure-aggregation.md): the
 * cohort members that accepted the task are U0; {@link SecureAggregation}
 * runs the SecAgg+ stages alongside their local training, and the unmasked
 * Σ w·Δ, Σ w become the strategy's `AggregateInput` (secure-input), so the
 * strategy cannot tell; a DP job's clients encode with distributed discrete
 * Gaussian noise instead, and the sum is decoded by privacy/secure-ddg. Fewer than max(3, minClients) members, or any halt
 * of the stages, fails the attempt; the job retries it with a new cohort, a
 * new run id and fresh keys.
 *
 * Intake: `secagg:message`s are decoded and checked (secure-message), then
 * handed to the run; a masked vector uploaded over the bulk channel or the
 * socket is folded into the masked sum and its bytes recycled. A plain
 * `update:commit` is refused (`WRONG_PATH`).
 *
 * Blame (docs/secure-aggregation.md "Blame"): a client convicted on a
 * complaint is dropped with `SECAGG_MISBEHAVED` (the job quarantines it). When
 * the verdict ends the attempt, the other members are released without a
 * failure recorded against them: the failure list names only the convicted.
 */
import { ErrorCode, type SecAggSubmit, type SecureTaskParams, type TaskDdg, type TaskPrivacy, type TrainMetrics } from '@fl/protocol';
import { createSecAggConfig, isComplaint, packMessage, releaseSum, SecAggError, SecAggErrorCode, type ServerMessage } from '@fl/secagg/node';
import { ProtocolException } from '../common/errors/protocol.exception';
import { maxExamplesOf } from '../jobs/job-defaults';
import { claimCap } from '../rounds/claim-cap';
import type { TaskSlot } from '../rounds/task-slot';
import type { TrainingHost, TrainingOutcome, TrainingPhase } from '../rounds/training-phase';
import { SecureAggregation } from './secure-aggregation';
import { secureAggregateInput } from './secure-input';
import { ddgInput, withDdg } from '../privacy/secure-ddg';
import { ddgUnclippedCentred, ddgVectorLength } from '../privacy/ddg-params';
import { decodeStageMessage, SecureRefusal, toErrorCode } from './secure-message';
import { MIN_SECURE_COHORT, secAggParamsFor, secureEncoding, type SecureEncoding } from './secure-params';

/** Refusals of the unmasked sum that only a member's chosen input explains (not the parameters). */
const INPUT_CODES: ReadonlySet<string> = new Set([SecAggErrorCode.WeightMismatch, SecAggErrorCode.OutOfRange]);

/** Codes the round records for clients that left the secure protocol without a refused message. */
export const SecureDropCode = { StageTimeout: 'SECAGG_STAGE_TIMEOUT' } as const;

export class SecureTraining implements TrainingPhase {
  readonly expectedBytes: number;
  readonly signedOnly: boolean;
  readonly minCohort: number;
  private encoding: SecureEncoding | null = null;
  /** DP jobs: the round's distributed discrete Gaussian encoding (privacy/secure-ddg). */
  private ddg: TaskDdg | null = null;
  private aggregation: SecureAggregation | null = null;
  private readonly reported = new Map<string, { numExamples: number; metrics: TrainMetrics }>();
  private slots = new Map<string, TaskSlot>();

  constructor(private readonly host: TrainingHost) {
    // Masked ring words: P + 1 (the weight) words of 4 bytes; a DP job's d, + 1 with adaptive clipping (privacy/ddg-params).
    const ddg = host.setup.config.privacy?.ddg;
    this.expectedBytes = 4 * (ddg ? ddgVectorLength(ddg) : host.setup.global.data.length + 1);
    // The active threat model signs with the key pinned at enrolment: clients without one cannot take part.
    this.signedOnly = host.setup.config.secureAggregation.threatModel === 'active';
    this.minCohort = Math.max(MIN_SECURE_COHORT, host.setup.config.minClients);
  }

  offerTo(cohort: readonly string[]): { secure: SecureTaskParams; privacy?: TaskPrivacy } {
    const { config, global } = this.host.setup;
    const maxExamples = Math.min(maxExamplesOf(config), Math.max(1, ...cohort.map((id) => this.host.deps.cohort.numExamplesOf(id))));
    this.encoding = secureEncoding(config.secureAggregation, cohort.length, maxExamples, global.data.length);
    const dp = config.privacy?.ddg ? withDdg(this.encoding, config, cohort.length, this.host.setup.privacyBudget, this.host.setup.privacyClip) : null;
    this.ddg = dp?.ddg ?? null;
    return { secure: this.encoding.task, ...(dp ? { privacy: dp.privacy } : {}) };
  }

  async run(deadline: number): Promise<TrainingOutcome> {
    const { host } = this;
    const { jobId, round, attempt, config, global } = host.setup;
    const s = config.secureAggregation;
    const slots = host.trainSlots().filter((x) => x.pending);
    const need = this.minCohort;
    if (slots.length < need) return { failed: `secure aggregation needs at least ${need} clients; only ${slots.length} accepted the task` };
    const bySlot = new Map(slots.map((x) => [x.clientId, x]));
    this.slots = bySlot;
    const participants = [...bySlot.keys()];
    const { k, t } = secAggParamsFor(participants.length, s);
    const signingKeys: Record<string, Uint8Array> = {};
    if (s.threatModel === 'active')
      for (const id of participants) {
        const key = host.deps.cohort.signingKeyOf(id);
        if (key) signingKeys[id] = key;
      }
    const secagg = createSecAggConfig({ runId: `${jobId}.r${round}.a${attempt}`, round, participants, vectorLength: this.encoding!.task.vectorLength, k, t, threatModel: s.threatModel, signingKeys });
    const { clock, link } = host.deps;
    const run = new SecureAggregation(
      secagg,
      {
        send: (id, message) => link.sendSecAgg(id, () => ({ taskId: bySlot.get(id)!.taskId, stage: message.stage, message: packOnce(message) })),
        now: () => clock.now(),
        until: (check, ms) => host.waiter.until(check, ms),
        live: (id) => bySlot.get(id)!.pending,
        leave: (id, reason) => host.drop(bySlot.get(id)!, SecureDropCode.StageTimeout, reason, true),
        changed: () => host.deps.onChange(),
        convict: (id, reason) => {
          // A sender that left after its garbage (disconnect, timeout) is convicted all the same: it must not evade the quarantine.
          const slot = bySlot.get(id)!;
          if (slot.pending) host.drop(slot, ErrorCode.SecAggMisbehaved, `secure aggregation: convicted: ${reason}`, true);
          else host.recordFailure(id, ErrorCode.SecAggMisbehaved, `secure aggregation: convicted: ${reason}`);
        },
        addMasks: host.deps.addMasks,
      },
      { stageMs: s.stageTimeoutSeconds * 1000, maskedInputUntil: deadline },
    );
    this.aggregation = run;
    host.showSecureView(run.view);
    const out = await run.run();
    if ('halted' in out) return { failed: out.halted };
    const { survivors } = out.result;
    let input;
    // Adaptive clipping: the noisy count of unclipped updates, from the same unmasked sum.
    const unclippedCentred = this.ddg ? ddgUnclippedCentred(out.result.sum, this.ddg) : undefined;
    try {
      input = this.ddg ? ddgInput(out.result, this.ddg, config, global.data.length) : secureAggregateInput(out.result, this.encoding!.quantizer, this.declaredWeights(survivors));
    } catch (e) {
      if (e instanceof SecAggError) {
        // One of the survivors chose its words, and nobody can tell which: the job's later cohorts screen them (jobs/suspects).
        if (INPUT_CODES.has(e.code)) host.refusedSum(e.code, survivors);
        return { failed: `secure aggregation refused the unmasked sum: ${e.code}: ${e.message}` };
      }
      throw e;
    } finally {
      releaseSum(out.result.sum);
    }
    for (const id of survivors) {
      const slot = bySlot.get(id)!;
      if (slot.pending) host.deliver(slot);
    }
    // Every survivor's masked input was accepted, so each one reported its metrics with it.
    for (const id of survivors) {
      const r = this.reported.get(id)!;
      host.countTraining(this.declaredExamples(id), r.metrics);
    }
    return unclippedCentred === undefined ? { input } : { input, unclippedCentred };
  }

  /**
   * The FedAvg weights of the survivors as the coordinator knows them: each
   * declared its example count in plain text when it accepted the task (or,
   * from clients that do not, with its masked input), held to what it may
   * claim (claimCap) and to the cohort's weight cap ŵ, so w = min(n/ŵ, 1) —
   * the weight an honest member encodes.
   */
  private declaredWeights(survivors: readonly string[]): number[] {
    const cap = this.encoding!.task.weightCap;
    return survivors.map((id) => Math.min(this.declaredExamples(id) / cap, 1));
  }

  private declaredExamples(id: string): number {
    const { setup, deps } = this.host;
    const n = this.slots.get(id)?.declaredExamples ?? this.reported.get(id)!.numExamples;
    return Math.min(n, claimCap(setup.config, deps.cohort, id));
  }

  receiveCommit(): void {
    throw new ProtocolException(ErrorCode.WrongPath, `${this.host.label} uses secure aggregation: send the update through secagg:message, not update:commit`);
  }

  /** One client's stage message. @throws ProtocolException */
  receiveSecAgg(clientId: string, slot: TaskSlot, msg: SecAggSubmit): void {
    const run = this.aggregation;
    if (!run) throw this.refuse(clientId, slot, ErrorCode.StageOrder, `secure aggregation of ${this.host.label} has not started`, '');
    let decoded;
    try {
      decoded = decodeStageMessage(clientId, slot, msg, run.stage);
    } catch (e) {
      if (e instanceof SecureRefusal) throw this.refuse(clientId, slot, e.code, e.message);
      throw e;
    }
    const { message, upload } = decoded;
    let r;
    try {
      r = run.receive(message);
    } finally {
      if (upload) this.host.deps.recycle?.(upload); // folded into the masked sum (or refused): not read again
    }
    if (r.verdict?.halted) {
      // Ended at once: nobody else is to blame, so the others leave without a failure (their late messages are not recorded either).
      const why = `attempt ended: ${r.verdict.convicted.map((c) => c.id).join(', ')} convicted of misbehaving in secure aggregation`;
      for (const s of this.slots.values()) this.host.release(s, why);
    }
    if (!r.accepted) throw this.refuse(clientId, slot, toErrorCode(r.error.code), r.error.message);
    const complaint = isComplaint(message);
    if (!complaint) this.host.memberStep(clientId, message.stage);
    if (message.stage === 'masked-input' && !complaint) {
      this.reported.set(clientId, { numExamples: msg.numExamples!, metrics: msg.metrics! });
      if (msg.clipFraction !== undefined) run.view.maxClipFraction = Math.max(run.view.maxClipFraction ?? 0, msg.clipFraction);
    }
    this.host.deps.onChange();
    this.host.waiter.poke();
  }

  dispose(): void {}

  private refuse(clientId: string, slot: TaskSlot, code: ErrorCode, message: string, prefix = 'secure aggregation: '): ProtocolException {
    this.host.recordFailure(clientId, code, `${prefix}${message}`);
    this.host.deps.onChange();
    return new ProtocolException(code, message, slot.taskId);
  }
}

/** Encoded stage requests by object: a request the library shares among clients (the same config, keys or signatures for all) is packed once. */
const packed = new WeakMap<object, Uint8Array>();
function packOnce(message: ServerMessage): Uint8Array {
  let bytes = packed.get(message);
  if (!bytes) {
    bytes = packMessage(message);
    packed.set(message, bytes);
  }
  return bytes;
}
