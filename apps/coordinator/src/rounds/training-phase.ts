/**
 * @module rounds/training-phase
 * The training phase of a round attempt, pluggable: {@link PlainTraining}
 * folds plain updates into a running weighted sum; `SecureTraining`
 * (secure-aggregation/) runs the SecAgg+ stages and yields only the unmasked
 * sum. Each owns its message intake (`update:commit`, `secagg:message`) and
 * returns the strategy's `AggregateInput`, so the round engine and the
 * strategy cannot tell which one ran (docs/secure-aggregation.md).
 *
 * The round keeps the phase clock, the cohort and the bookkeeping; a phase
 * works on the round through a {@link TrainingHost}.
 */
import type { AggregateInput } from '@fl/fl-core';
import type { MemberState, RoundTask, SecAggRoundView, SecAggSubmit, TrainMetrics, UpdateBoundView, UpdateCommit } from '@fl/protocol';
import type { RoundDeps, RoundSetup } from './round-setup';
import type { TaskSlot } from './task-slot';
import type { Waiter } from './waiter';

/** `unclippedCentred`: adaptive clipping, the noisy Σ(b − ½) (decoded from the masked sum, or counted and noised by a trusted coordinator). */
export type TrainingOutcome = { input: AggregateInput; unclippedCentred?: number } | { failed: string };

/** The round internals a training phase works with. */
export interface TrainingHost {
  readonly setup: RoundSetup;
  readonly deps: RoundDeps;
  readonly waiter: Waiter;
  /** `job … round r.a`, for messages. */
  readonly label: string;
  /** Every train slot of the attempt. */
  trainSlots(): TaskSlot[];
  /** Closes a pending slot as failed/cancelled, records why, frees the client (and tells it, with `notify`). */
  drop(slot: TaskSlot, code: string, reason: string, notify: boolean): void;
  /** Cancels a pending slot without recording a failure against its client (tells it, frees it). */
  release(slot: TaskSlot, reason: string): void;
  /** Adds a failure entry (once per client and code). */
  recordFailure(clientId: string, code: string, reason: string): void;
  /** Appends a step to a cohort member's timeline (`uploaded`, a secure-aggregation stage). */
  memberStep(clientId: string, state: MemberState): void;
  /** The slot's update is in the aggregate: closes it as delivered, frees the client, lists it as a participant. */
  deliver(slot: TaskSlot): void;
  /** Takes a delivered update back out of the aggregate's participants (refused by a bound judged when training closes). */
  exclude(clientId: string): void;
  /** Counts a contributor's reported training metrics into the round's means. */
  countTraining(numExamples: number, metrics: TrainMetrics): void;
  /** Publishes the update-bound counters (plain rounds) in the round view. */
  showUpdateBound(view: UpdateBoundView): void;
  /** Publishes the secure-aggregation status object in the round view. */
  showSecureView(view: SecAggRoundView): void;
  /** Records that the unmasked sum of these contributors was refused (jobs/suspects screens them later). */
  refusedSum(code: string, contributors: readonly string[]): void;
  /** `2 DEADLINE_PASSED, 1 DISCONNECTED`, for failure reasons. */
  failureSummary(): string;
}

export interface TrainingPhase {
  /** Exact size of one client's whole upload. */
  readonly expectedBytes: number;
  /** Only clients with an enrolled signing key can take part. */
  readonly signedOnly: boolean;
  /** The fewest members the phase can run with (secure aggregation needs 3). */
  readonly minCohort: number;
  /** Called once the cohort is sampled: what every train task offer carries besides the common fields. */
  offerTo(cohort: readonly string[]): Pick<RoundTask, 'secure' | 'privacy'>;
  /** Runs until the round's `deadline` (ms) at most; the strategy's input, or why the attempt fails. */
  run(deadline: number): Promise<TrainingOutcome>;
  /** `update:commit` for an open train slot. @throws on refusal (the round drops the slot) */
  receiveCommit(clientId: string, slot: TaskSlot, msg: UpdateCommit): void;
  /** `secagg:message` for an open train slot. @throws ProtocolException (recorded; the slot stays open) */
  receiveSecAgg(clientId: string, slot: TaskSlot, msg: SecAggSubmit): void;
  /** Frees what the phase holds (the running sum); called once the aggregate input was used, or when the round ends. */
  dispose(): void;
}
