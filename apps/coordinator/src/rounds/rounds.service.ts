/**
 * @module rounds/rounds.service
 * Nest side of the round engine: starts/stops a {@link JobRunner} per job,
 * wires the framework-free engine to the client registry, socket layer,
 * model store and clock, and routes client messages to the round that owns
 * the task (unknown task → UNKNOWN_TASK).
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ErrorCode, JobStatus, type EvaluateResult, type ModelFetchRequest, type SecAggSubmit, type TaskWithdraw, type UpdateChunk, type UpdateCommit } from '@fl/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { ProtocolException } from '../common/errors/protocol.exception';
import { ClientsService } from '../clients/clients.service';
import { ClientSocketsService } from '../clients/client-sockets.service';
import { ModelsService } from '../models/models.service';
import { JOBS_REPOSITORY, type JobsRepository } from '../persistence/jobs.repository';
import type { JobRecord } from '../persistence/job-record';
import { CLOCK, type Clock } from '../common/clock';
import { JobEventsService } from './job-events.service';
import { JobRunner, type JobRunnerDeps } from './job-runner';
import type { RoundRun } from './round-run';
import { CoalescedWriter } from './coalesced-writer';
import { LoopTurns } from '../common/loop-turns';
import { findWorkerFile } from '../common/worker-file';
import { MaskWorker } from '../secure-aggregation/mask-worker';
import { AggregateWorker } from '../aggregation/aggregate-worker';
import { FaultInjector } from './fault-injection';
import { closeInterruptedAttempts } from './restart-recovery';
import { CentralEvaluationService } from '../evaluation/central-evaluation.service';
import { ROOT_LOGGER } from '../logging/logging.module';
import type { RootLogger } from '../logging/root-logger';
import { pinoRoundLogger } from '../logging/round-logger';

/** Task ids kept for routing late messages to their (closed) round, answered STALE_ROUND. */
export const MAX_TASK_HISTORY = 100_000;

@Injectable()
export class RoundsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RoundsService.name);
  private readonly roundWrites = new CoalescedWriter((jobId, e) => this.logger.error(`storing the round view of job ${jobId} failed: ${e.message}`));
  private readonly fault: FaultInjector;
  /** Set at shutdown: the jobs' state in storage stays as it was (running), so the next boot resumes them. */
  private shuttingDown = false;
  /** Set when the test fault hook fires: nothing more is written, as in a real crash. */
  private dying = false;
  private readonly runners = new Map<string, JobRunner>();
  /** Per job, the (attempt, phase, stage) whose view was last persisted. */
  private readonly writtenStep = new Map<string, string>();
  private readonly tasks = new Map<string, RoundRun>();
  /**
   * Commits and secure-aggregation messages fold multi-MB updates into the
   * running sum: one per event-loop iteration, so the commits of a whole
   * cohort arriving together do not make one long tick.
   */
  private readonly folds = new LoopTurns();
  /** Takes back folded uploads (set by the bulk channel). */
  private recycler: ((bytes: Uint8Array) => void) | null = null;
  private readonly deps: JobRunnerDeps;
  private readonly subscription;
  /** Secure rounds' unmasking runs in this worker thread, off the event loop. */
  private readonly masks = new MaskWorker(findWorkerFile('secure-aggregation/mask.worker.js'), (m) => this.logger.warn(m));
  /** The strategy step of every round runs in this worker thread, off the event loop. */
  private readonly aggregator = new AggregateWorker(findWorkerFile('aggregation/aggregate.worker.js'), (m) => this.logger.warn(m));

  constructor(
    @Inject(CLOCK) clock: Clock,
    @Inject(COORDINATOR_CONFIG) config: CoordinatorConfig,
    @Inject(JOBS_REPOSITORY) private readonly jobs: JobsRepository,
    private readonly clients: ClientsService,
    sockets: ClientSocketsService,
    private readonly models: ModelsService,
    private readonly events: JobEventsService,
    central: CentralEvaluationService,
    @Inject(ROOT_LOGGER) root: RootLogger,
  ) {
    this.fault = new FaultInjector(config.faultKillAt);
    this.deps = {
      clock,
      cohort: clients,
      link: sockets,
      models: { save: (w, topology, serialized) => models.save(w, topology, serialized), refOf: async (hash) => models.ref(await models.require(hash)) },
      router: { open: (taskId, owner) => this.remember(taskId, owner as RoundRun) },
      newTaskId: () => randomUUID(),
      logger: pinoRoundLogger(root.child({ context: RoundsService.name })),
      taskAckTimeoutMs: config.taskAckTimeoutMs,
      loadModel: async (hash) => {
        const m = await models.require(hash);
        return { weights: await models.weights(hash), ref: models.ref(m) };
      },
      save: async (job) => {
        if (this.shuttingDown || this.dying) return;
        await this.roundWrites.flush(job.id);
        await this.jobs.save(job);
        this.events.changed(job);
      },
      commitRound: async (job, version) => {
        if (this.dying) return new Promise<never>(() => undefined); // never lands: the process is about to die
        await this.roundWrites.flush(job.id);
        await this.jobs.commitRound(job, version);
        this.events.changed(job);
      },
      newVersionId: () => randomUUID(),
      changed: (job) => this.roundChanged(job),
      addMasks: this.masks.add,
      aggregate: this.aggregator.aggregate,
      recycle: (bytes) => this.recycler?.(bytes),
      evaluateCentrally: (job, version) => {
        if (job.config.evalData) central.start(job.config.evalData, version, `job ${job.id} round ${version.round}`);
      },
    };
    this.subscription = clients.changes$.subscribe((c) => {
      for (const r of this.runners.values()) {
        if (c.kind === 'disconnected') r.active?.clientDropped(c.clientId);
        r.active?.clientsChanged();
      }
    });
  }

  /**
   * Resumes every job that was running when the coordinator last stopped:
   * its unfinished attempt is closed as failed ("coordinator restarted
   * during <phase>"), then its runner continues at completedRounds + 1.
   */
  async onApplicationBootstrap(): Promise<void> {
    for (const job of await this.jobs.list()) {
      if (job.status !== JobStatus.Running || this.runners.has(job.id)) continue;
      const closed = closeInterruptedAttempts(job, new Date(this.deps.clock.now()));
      await this.jobs.save(job);
      this.logger.warn(`job ${job.id} resumed after a restart at round ${job.completedRounds + 1}/${job.config.rounds}${closed ? ` (${closed} interrupted attempt(s) closed)` : ''}`);
      this.start(job);
    }
  }

  /**
   * A round changed: announce it; persist its view (coalesced) when its phase
   * or secure-aggregation stage moved on — not on every accepted message, which
   * would keep the database busy for the whole round (an interrupted attempt
   * is re-run, so per-message status is not needed to recover); and honour the
   * test fault hook.
   */
  private roundChanged(job: JobRecord): void {
    this.events.changed(job);
    if (this.shuttingDown) return;
    if (this.dying) return;
    const seq = job.rounds.length - 1;
    const view = job.rounds[seq];
    const step = view ? `${seq}:${view.phase}:${view.secureAggregation?.stage ?? ''}` : '';
    if (this.writtenStep.get(job.id) === step) return; // a fault point is always a new step too
    this.writtenStep.set(job.id, step);
    const written = this.roundWrites.request(job.id, async () => (this.dying ? undefined : this.jobs.saveRound(job, job.rounds.length - 1)));
    if (this.fault.hit(job.rounds[seq])) {
      // The view as it is now (the round moves on while the write is in flight).
      const snapshot = { ...job, rounds: job.rounds.map((v, i) => (i === seq ? structuredClone(v) : v)) };
      this.logger.warn(`FAULT INJECTION: SIGKILL at ${snapshot.rounds[seq].secureAggregation?.stage ?? snapshot.rounds[seq].phase} of round ${snapshot.rounds[seq].round}.${snapshot.rounds[seq].attempt}`);
      this.dying = true;
      void written.then(() => this.jobs.saveRound(snapshot, seq)).then(() => this.fault.kill());
    }
  }

  isRunning(jobId: string): boolean {
    return this.runners.has(jobId);
  }

  /** Runs the job in the background (the record is updated as it goes). */
  start(job: JobRecord): void {
    const runner = new JobRunner(job, this.deps);
    this.runners.set(job.id, runner);
    this.logger.log(`job ${job.id} started: ${job.config.rounds} round(s), ${job.config.clientsPerRound} client(s) per round, dataset ${job.config.dataset}`);
    void runner.run().finally(() => {
      this.runners.delete(job.id);
      this.writtenStep.delete(job.id);
    });
  }

  stop(jobId: string, reason: string): void {
    this.runners.get(jobId)?.stop(reason);
  }

  /** `model:fetch` from a registered client. */
  async fetchModel(socketId: string, req: ModelFetchRequest) {
    const client = this.clients.require(socketId);
    const reply = await this.models.fetchChunk(req.hash, req.index);
    this.modelFetched(client.id, req.hash, req.index);
    return reply;
  }

  /** A client was allowed chunk `index` of model `hash` (socket or bulk channel): the running rounds' timelines note its download. */
  modelFetched(clientId: string, hash: string, index: number): void {
    for (const r of this.runners.values()) r.active?.modelFetched(clientId, hash, index);
  }

  chunk(socketId: string, msg: UpdateChunk) {
    const client = this.clients.require(socketId);
    return this.route(msg.taskId).receiveChunk(client.id, msg);
  }

  /** `fn` gets every upload's bytes, plain or masked, once they are folded into the sum (the bulk channel reuses its buffers). */
  recycleUploadsWith(fn: ((bytes: Uint8Array) => void) | null): void {
    this.recycler = fn;
  }

  /**
   * Bulk channel, before the body is read: would a whole upload of `length`
   * bytes for `taskId` from `clientId` be accepted? @throws ProtocolException
   */
  expectUpload(clientId: string, taskId: string, length: number): void {
    this.route(taskId).expectUpload(clientId, taskId, length);
  }

  /** Bulk channel: a whole upload, taken as the task's one and only `update:chunk`. @throws ProtocolException */
  bulkUpload(clientId: string, taskId: string, data: Uint8Array) {
    return this.route(taskId).receiveChunk(clientId, { taskId, index: 0, total: 1, totalBytes: data.byteLength, data });
  }

  async commit(socketId: string, msg: UpdateCommit) {
    await this.folds.turn();
    const client = this.clients.require(socketId);
    return this.route(msg.taskId).receiveCommit(client.id, msg);
  }

  async secAgg(socketId: string, msg: SecAggSubmit) {
    await this.folds.turn();
    const client = this.clients.require(socketId);
    return this.route(msg.taskId).receiveSecAgg(client.id, msg);
  }

  withdraw(socketId: string, msg: TaskWithdraw) {
    const client = this.clients.require(socketId);
    return this.route(msg.taskId).receiveWithdraw(client.id, msg);
  }

  evalResult(socketId: string, msg: EvaluateResult) {
    const client = this.clients.require(socketId);
    return this.route(msg.taskId).receiveEval(client.id, msg);
  }

  /** Routes `taskId` to its round; the oldest closed tasks are forgotten past MAX_TASK_HISTORY (then UNKNOWN_TASK). */
  private remember(taskId: string, run: RoundRun): void {
    this.tasks.set(taskId, run);
    if (this.tasks.size <= MAX_TASK_HISTORY) return;
    for (const [id, r] of this.tasks) {
      if (this.tasks.size <= MAX_TASK_HISTORY) break;
      if (r.finished) this.tasks.delete(id);
    }
  }

  private route(taskId: string): RoundRun {
    const run = this.tasks.get(taskId);
    if (!run) throw new ProtocolException(ErrorCode.UnknownTask, `no task ${taskId}`, taskId);
    return run;
  }

  onModuleDestroy(): void {
    this.shuttingDown = true;
    this.subscription.unsubscribe();
    for (const r of this.runners.values()) r.stop('coordinator shutting down');
    void this.masks.close();
    void this.aggregator.close();
  }
}
