/**
 * @module rounds/round-tasks
 * The tasks of one round attempt, one {@link TaskSlot} per client and task:
 * offering them (with the per-client training seed), the clients' accept or
 * decline, finding the open slot a message is for (or refusing it with a
 * code), taking upload chunks into it, and dropping a slot with a recorded
 * reason (a privacy-policy refusal with the client's code, at the offer or,
 * `task:withdraw`, once the round is under way). Every failure lands in
 * the round view's `failures`, once per client and code.
 */
import { ErrorCode, POLICY_REFUSAL_CODES, TaskKind, WITHDRAW_CODES, type ModelRef, type RoundTask, type RoundView, type TaskAcceptReply, type TaskWithdraw, type UpdateChunk } from '@fl/protocol';
import { ProtocolException } from '../common/errors/protocol.exception';
import { deriveSeed } from './derive-seed';
import { DropCode } from './round-codes';
import { toRefusal } from './round-refusal';
import type { RoundDeps, RoundSetup } from './round-setup';
import { stateOfCode, type RoundMembers } from './round-members';
import { TaskSlot } from './task-slot';
import type { Waiter } from './waiter';

export class RoundTasks {
  private readonly slots = new Map<string, TaskSlot>();
  /** Task id → why, for slots released without blame. */
  private readonly released = new Map<string, string>();

  constructor(
    private readonly setup: RoundSetup,
    private readonly deps: RoundDeps,
    private readonly view: RoundView,
    private readonly waiter: Waiter,
    /** Where messages for these tasks are routed (the round). */
    private readonly owner: unknown,
    private readonly label: string,
    /** The train cohort's steps, for the dashboard's timeline. */
    private readonly members: RoundMembers,
  ) {}

  /** Every slot of `kind`. */
  ofKind(kind: TaskKind): TaskSlot[] {
    return [...this.slots.values()].filter((s) => s.kind === kind);
  }

  /** Whether `clientId` holds a pending (offered or accepted, nothing delivered) slot of `kind`. */
  holdsPending(clientId: string, kind: TaskKind): boolean {
    for (const s of this.slots.values()) if (s.clientId === clientId && s.kind === kind && s.pending) return true;
    return false;
  }

  /** Every pending slot. */
  pending(): TaskSlot[] {
    return [...this.slots.values()].filter((s) => s.pending);
  }

  /** Offers a task to `clientId`; the client's answer moves the slot on. */
  offer(clientId: string, kind: TaskKind, model: ModelRef, deadline: number, extra: Pick<RoundTask, 'secure' | 'privacy'> = {}): TaskSlot {
    const { jobId, round, attempt, config, taskAckTimeoutMs, strategy } = this.setup;
    const slot = new TaskSlot(this.deps.newTaskId(), clientId, kind);
    this.slots.set(slot.taskId, slot);
    this.deps.router.open(slot.taskId, this.owner);
    this.deps.cohort.assignTask(clientId, slot.taskId);
    if (kind === TaskKind.Train) this.members.step(clientId, 'offered');
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
      seed: deriveSeed(config.seed, 'client', round, this.setup.seedAttempt ?? attempt, this.deps.cohort.nameOf(clientId)),
      deadline,
      ...extra,
    };
    this.deps.link.offerTask(clientId, task, taskAckTimeoutMs).then(
      (reply) => this.onOfferReply(slot, reply),
      (e: Error) => this.onOfferReply(slot, { accepted: false, reason: e.message }),
    );
    return slot;
  }

  /** The pending slot `taskId` of `clientId`, or a recorded refusal. @throws ProtocolException */
  open(clientId: string, taskId: string, kind: TaskKind): TaskSlot {
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
    // Released without blame (an attempt another client ended): refused, not recorded against this client.
    if (this.released.has(taskId)) throw new ProtocolException(ErrorCode.StaleRound, `task ${taskId} of ${this.label} was cancelled: ${this.released.get(taskId)}`, taskId);
    if (!slot.pending) return refuse(ErrorCode.StaleRound, `task ${taskId} of ${this.label} is closed (${slot.state}); result refused`);
    return slot;
  }

  /** `update:chunk` into the client's open train slot; a refused chunk drops the slot. @returns chunks received so far @throws ProtocolException */
  addChunk(clientId: string, msg: UpdateChunk, expectedBytes: number): number {
    const slot = this.open(clientId, msg.taskId, TaskKind.Train);
    try {
      return slot.addChunk(msg, expectedBytes);
    } catch (e) {
      throw this.refuse(slot, e);
    }
  }

  /** Bulk channel, before reading: would `length` bytes be accepted as the task's whole upload? @throws ProtocolException */
  expectWhole(clientId: string, taskId: string, length: number, expectedBytes: number): void {
    const slot = this.open(clientId, taskId, TaskKind.Train);
    try {
      slot.expectWhole(length, expectedBytes);
    } catch (e) {
      throw this.refuse(slot, e);
    }
  }

  /** Fails the slot for a refused message, records it, and returns the exception to throw. */
  refuse(slot: TaskSlot, e: unknown): ProtocolException {
    const err = toRefusal(e, slot.taskId);
    const reason = `${slot.kind === TaskKind.Evaluate ? 'evaluation: ' : ''}${err.message}`;
    this.drop(slot, err.code, reason, false); // records the failure
    return err;
  }

  /**
   * `task:withdraw`: the client leaves its open train task under its privacy
   * policy (e.g. a secure round's threshold below its `--min-threshold`) or
   * because its local training failed (NON_FINITE, …); the slot is dropped
   * with the client's code at once, not at the deadline. @throws ProtocolException
   */
  withdraw(clientId: string, msg: TaskWithdraw): void {
    const slot = this.open(clientId, msg.taskId, TaskKind.Train);
    const code = WITHDRAW_CODES.includes(msg.code) ? msg.code : DropCode.Declined;
    this.drop(slot, code, `withdrew from the task: ${String(msg.reason).slice(0, 500)}`, false);
  }

  /** The client's result is in: closes its slot as delivered and frees it. */
  deliver(slot: TaskSlot): void {
    slot.close('delivered');
    if (slot.kind === TaskKind.Train) this.members.step(slot.clientId, 'aggregated');
    this.deps.cohort.releaseTask(slot.clientId, slot.taskId);
  }

  /** Closes a pending slot as failed/cancelled, records why, frees the client (and tells it, with `notify`). */
  drop(slot: TaskSlot, code: string, reason: string, notify: boolean): void {
    if (!slot.pending) return;
    slot.close(code === DropCode.Cancelled ? 'cancelled' : 'failed');
    if (slot.kind === TaskKind.Train) this.members.step(slot.clientId, stateOfCode(code), code);
    this.record(slot.clientId, code, reason);
    this.deps.cohort.releaseTask(slot.clientId, slot.taskId);
    if (notify) this.deps.link.cancelTask(slot.clientId, { taskId: slot.taskId, reason });
    this.waiter.poke();
    this.deps.onChange();
  }

  /**
   * Cancels a pending slot without recording a failure against its client
   * (the attempt ended through no fault of its own, e.g. another member was
   * convicted in secure aggregation); tells the client and frees it. Its
   * later messages for the task are refused (STALE_ROUND) but not recorded.
   */
  release(slot: TaskSlot, reason: string): void {
    if (!slot.pending) return;
    slot.close('cancelled');
    this.released.set(slot.taskId, reason);
    this.deps.cohort.releaseTask(slot.clientId, slot.taskId);
    this.deps.link.cancelTask(slot.clientId, { taskId: slot.taskId, reason });
    this.waiter.poke();
    this.deps.onChange();
  }

  /** The client's connection closed: its open tasks count as dropped. */
  dropClient(clientId: string): void {
    for (const slot of this.slots.values()) if (slot.clientId === clientId && slot.pending) this.drop(slot, DropCode.Disconnected, 'connection closed during the task', false);
  }

  /** Adds a failure entry (once per client and code) for a refused message; the timeline shows the refusal. */
  recordFailure(clientId: string, code: string, reason: string): void {
    this.members.step(clientId, 'refused', code);
    this.record(clientId, code, reason);
  }

  private record(clientId: string, code: string, reason: string): void {
    if (this.view.failures.some((f) => f.clientId === clientId && f.code === code)) return;
    this.view.failures.push({ clientId, code, reason });
  }

  private onOfferReply(slot: TaskSlot, reply: TaskAcceptReply): void {
    if (slot.state !== 'offered') return;
    if (reply.accepted) {
      slot.state = 'accepted';
      if (slot.kind === TaskKind.Train) this.members.step(slot.clientId, 'accepted');
      if (typeof reply.numExamples === 'number' && Number.isSafeInteger(reply.numExamples) && reply.numExamples >= 0) slot.declaredExamples = reply.numExamples;
      this.waiter.poke();
    } else {
      // A client's policy refusal keeps its code (one of POLICY_REFUSAL_CODES), so the round shows why; anything else is DECLINED.
      const code = typeof reply.code === 'string' && POLICY_REFUSAL_CODES.includes(reply.code) ? reply.code : DropCode.Declined;
      this.drop(slot, code, `${slot.kind === TaskKind.Evaluate ? 'evaluation: ' : ''}declined the task${reply.reason ? `: ${String(reply.reason).slice(0, 500)}` : ''}`, false);
    }
  }
}
