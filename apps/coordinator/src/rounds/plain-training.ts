/**
 * @module rounds/plain-training
 * The training phase of a plain round (FedAvg, McMahan et al., AISTATS 2017).
 * Accepted updates are folded at once into a Float64 `WeightedDeltaSum` with
 * weight n_k (`fedAvgWeight`) and their bytes are handed back for reuse.
 *
 * Bounded influence (README "Bounded influence"): n_k is capped by what the
 * client may claim (`claimCap`: its registered count, itself at most its
 * enrolled cap, and the job's `maxExamplesPerClient`), and each update's L2
 * norm is measured before it is folded in, then clipped to or refused above
 * the round's bound (`UpdateBoundTally`, fl-core bounds/); the round view
 * counts clipped and refused updates. Under the `median` rule (the default)
 * the bound is a multiple of this round's own median norm, so the updates are
 * held until training closes (`HeldUpdates`: each copied into pooled
 * WebAssembly memory and its norm measured as it arrives), then clipped (or
 * dropped under `refuse`) and summed there by the SIMD kernels, a few updates
 * per event-loop turn (docs/performance.md "The default bound without the
 * regression"); the job was checked at creation to fit the store
 * (jobs/kept-updates).
 * Training ends when `clientsPerRound` updates arrived, when no member is
 * pending (or too few are left to reach `minClients`), or at the round
 * deadline; stragglers are cancelled. Fewer than `minClients` updates fail the
 * attempt, and the global model is kept.
 *
 * DP jobs (docs/privacy.md): every update is clipped to the job's S, weighs
 * 1, every sampled client is waited for, and the sum goes to the strategy over
 * the fixed denominator clientsPerRound (privacy/round-privacy).
 *
 * A strategy that `needsIndividualUpdates` (robust aggregation) gets the
 * updates kept one by one in an `UpdateStore` instead of the sum (bounded at
 * `DEFAULT_UPDATE_STORE_BYTES`; an update beyond it is refused OVERSIZED).
 */
import { fedAvgWeight, HeldUpdates, serializedSize, UpdateBoundTally, UpdateStore, WeightedDeltaSum } from '@fl/fl-core';
import { ErrorCode, type SecAggSubmit, type UpdateCommit } from '@fl/protocol';
import { ProtocolException } from '../common/errors/protocol.exception';
import { LoopTurns } from '../common/loop-turns';
import { updateBoundOf } from '../jobs/job-defaults';
import { centralNoisyCentredCount, DP_CLIENT_WEIGHT, dpInput, dpUpdateBound } from '../privacy/round-privacy';
import { claimCap } from './claim-cap';
import { DropCode } from './round-codes';
import { checkResultRef } from './round-refusal';
import type { TaskSlot } from './task-slot';
import type { TrainingHost, TrainingOutcome, TrainingPhase } from './training-phase';

export class PlainTraining implements TrainingPhase {
  readonly expectedBytes: number;
  readonly signedOnly = false;
  readonly minCohort: number;
  private sum: WeightedDeltaSum | null;
  /** The individual updates, for strategies that need them (then `sum` is null). */
  private readonly kept: UpdateStore | null;
  /** FedAvg-like strategies under the `median` bound: the updates until the bound is known (then `sum` is null). */
  private readonly held: HeldUpdates | null;
  private readonly bound: UpdateBoundTally;
  /** DP adaptive clipping: updates the client reported unclipped and the coordinator did not have to clip. */
  private unclipped = 0;
  private readonly turns = new LoopTurns();

  constructor(private readonly host: TrainingHost) {
    this.minCohort = Math.max(1, host.setup.config.minClients);
    this.expectedBytes = serializedSize(host.setup.globalRef.layout);
    const dp = host.setup.config.privacy;
    const policy = dp ? dpUpdateBound(dp) : updateBoundOf(host.setup.config);
    this.bound = new UpdateBoundTally(policy, dp ? (host.setup.privacyClip ?? dp.clip) : (host.setup.updateBound ?? policy.norm));
    host.showUpdateBound(this.bound.counts);
    const individual = host.setup.strategy.needsIndividualUpdates;
    this.kept = individual ? new UpdateStore(host.setup.global.data) : null;
    this.held = !individual && this.bound.deferred ? new HeldUpdates(host.setup.global.data) : null;
    this.sum = this.kept || this.held ? null : new WeightedDeltaSum(host.setup.global.data);
  }

  offerTo(): Record<string, never> {
    return {};
  }

  async run(deadline: number): Promise<TrainingOutcome> {
    const { host } = this;
    const { config } = host.setup;
    const min = config.minClients;
    // DP: every Poisson-sampled client counts (none is cancelled at a target), as the accountant assumes.
    const target = config.privacy ? Infinity : config.clientsPerRound;
    const ms = deadline - host.deps.clock.now();
    const counts = () => {
      let delivered = 0;
      let pending = 0;
      for (const s of host.trainSlots()) if (s.state === 'delivered') delivered++;
      else if (s.pending) pending++;
      return { delivered, pending };
    };
    const r = await host.waiter.until(() => {
      const c = counts();
      return c.delivered >= target || c.pending === 0 || c.delivered + c.pending < min;
    }, ms);
    const { delivered } = counts();
    for (const s of host.trainSlots()) {
      if (!s.pending) continue;
      if (r === 'deadline') host.drop(s, ErrorCode.DeadlinePassed, `no update before the round deadline (${config.roundDeadlineSeconds} s)`, true);
      else if (delivered >= target) host.drop(s, DropCode.Cancelled, `round reached its target of ${config.clientsPerRound} updates`, true);
    }
    // `median` bound (not in DP jobs, whose bound is the fixed S): clip by this round's median first.
    if (delivered >= min && this.bound.deferred) return this.settleBound(min);
    if (delivered >= min) {
      const input = this.kept ? this.kept.toInput() : this.sum!.toInput();
      if (!config.privacy) return { input };
      const ac = config.privacy.adaptiveClipping;
      // Adaptive clipping (trusted-server): the coordinator noises the count of unclipped updates (privacy/round-privacy).
      return { input: dpInput(input, config.clientsPerRound), ...(ac ? { unclippedCentred: centralNoisyCentredCount(this.unclipped, delivered, ac.countStddev) } : {}) };
    }
    return { failed: `only ${delivered} update(s) were accepted, minClients is ${min} (${host.failureSummary()})` };
  }

  /** `median`: bound every kept or held update by this round's median norm, then hand the strategy its input. */
  private async settleBound(min: number): Promise<TrainingOutcome> {
    const { host, kept, held } = this;
    const norms = (kept ?? held!).norms();
    const factors = this.bound.settle(norms.map((n) => n.norm));
    const byClient = new Map(norms.map((n, i) => [n.clientId, factors[i]]));
    const count = norms.length - factors.filter((f) => f === null).length;
    const bound = this.bound.counts.bound!;
    norms.forEach((n, i) => {
      if (factors[i] !== null) return;
      host.recordFailure(n.clientId, ErrorCode.UpdateTooLarge, `the update's L2 norm ${n.norm.toPrecision(4)} exceeds the round's bound ${bound.toPrecision(4)}`);
      host.exclude(n.clientId);
    });
    host.deps.onChange();
    if (count < min) return { failed: `only ${count} update(s) were within the round's bound ${bound.toPrecision(4)}, minClients is ${min} (${host.failureSummary()})` };
    if (held) return { input: await held.sum(byClient, () => this.turns.turn()) };
    kept!.scale(byClient);
    return { input: kept!.toInput() };
  }

  /** Validates, then folds the update into the running sum, reading the upload once. */
  receiveCommit(clientId: string, slot: TaskSlot, msg: UpdateCommit): void {
    const { host } = this;
    checkResultRef(msg, host.setup);
    // Decode (layout + NaN/Inf check) and fold in.
    const upload = slot.takeUpload(msg.data, this.expectedBytes);
    const examples = Math.min(msg.numExamples, claimCap(host.setup.config, host.deps.cohort, clientId));
    // DP-FedAvg: weight 1 whatever the claimed count (privacy/round-privacy).
    const weight = host.setup.config.privacy ? DP_CLIENT_WEIGHT : fedAvgWeight(examples);
    // The bound judges the update by its norm before it is folded in (a refusal throws UPDATE_TOO_LARGE) and counts it.
    // Under `median` the bound is judged when training closes (settleBound).
    let clippedHere = false;
    const judge = this.bound.deferred ? undefined : (norm: number): number | null => {
      const scale = this.bound.judge(norm);
      this.bound.count(norm, scale);
      clippedHere = scale !== 1;
      return scale;
    };
    try {
      if (this.held) this.held.addSerialized(clientId, upload, weight, host.setup.globalRef.layout);
      else if (this.kept) this.kept.addSerialized(clientId, upload, weight, host.setup.globalRef.layout, judge);
      else this.sum!.addSerialized(upload, weight, host.setup.globalRef.layout, judge);
    } finally {
      host.deps.recycle?.(upload);
    }
    if (msg.unclipped === true && !clippedHere) this.unclipped++;
    host.memberStep(clientId, 'uploaded');
    host.deliver(slot);
    host.countTraining(examples, msg.metrics);
    host.deps.onChange();
    host.waiter.poke(); // the waiting phase resumes asynchronously (a promise continuation)
  }

  receiveSecAgg(clientId: string, _slot: TaskSlot, msg: SecAggSubmit): void {
    const reason = `${this.host.label} does not use secure aggregation`;
    this.host.recordFailure(clientId, ErrorCode.WrongPath, reason);
    throw new ProtocolException(ErrorCode.WrongPath, reason, msg.taskId);
  }

  dispose(): void {
    this.sum?.dispose(); // strategies return fresh arrays; the sum's memory serves the next round
    this.sum = null;
    this.kept?.dispose();
    this.held?.dispose(); // its pooled memory serves the next round's held updates
  }
}
