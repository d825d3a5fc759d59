/**
 * @module rounds/job-runner
 * Runs a job's rounds one after another until `rounds` are done (→
 * completed). A failed attempt is retried with a new cohort (attempt + 1, a
 * fresh sampling seed) up to `maxRoundRetries` times; then the job fails with
 * the last reason. The global model and the server optimiser state advance
 * only on a successful round. `stop()` ends the job at any time. A job
 * resumed after a coordinator restart continues at `completedRounds + 1`
 * (see restart-recovery). Clients convicted in a secure round are
 * quarantined: no later attempt of the job picks them (jobs/quarantine).
 * A DP job's ledger is charged for each released
 * round, committed with its model version, and the job stops before a round
 * that would exceed its budget (PRIVACY_BUDGET_EXHAUSTED, docs/privacy.md);
 * with adaptive clipping the ledger also carries the next round's C.
 * Framework-free, like {@link RoundRun}.
 */
import { createStrategy, trimKernelPool, type ModelWeights } from '@fl/fl-core';
import { JobStatus, PRIVACY_BUDGET_EXHAUSTED, type ModelRef } from '@fl/protocol';
import type { JobRecord } from '../persistence/job-record';
import type { ModelVersionRecord } from '../persistence/model-versions.repository';
import { RoundRun, type RoundDeps } from './round-run';
import { attemptsSoFar } from './restart-recovery';
import { quarantinedIds } from '../jobs/quarantine';
import { suspicionOf } from '../jobs/suspects';
import { currentUpdateBound } from './update-bound-state';
import { centralizedEvaluationDue } from './evaluation-cadence';
import { charge, currentClip, exceedsBudget, roundEvent, spentOf, withClip } from '../privacy/privacy-ledger';

export interface JobRunnerDeps extends Omit<RoundDeps, 'onChange'> {
  /** Decoded weights and ref of a stored model. */
  loadModel(hash: string): Promise<{ weights: ModelWeights; ref: ModelRef }>;
  /** Persists the job and announces the change. */
  save(job: JobRecord): Promise<void>;
  /**
   * Persists a successful round: the job (new model, strategy state, progress)
   * together with the new model version, as one step.
   */
  commitRound(job: JobRecord, version: ModelVersionRecord): Promise<void>;
  newVersionId(): string;
  /** Announces a change without persisting (cheap, frequent). */
  changed(job: JobRecord): void;
  /**
   * Starts the centralized evaluation of a committed version on the job's
   * `evalData` (docs/evaluation.md). Runs in the background: the next round
   * never waits for it, and its failure is recorded on the version, not fatal.
   */
  evaluateCentrally?(job: JobRecord, version: ModelVersionRecord): void;
  taskAckTimeoutMs: number;
}

export class JobRunner {
  private current: RoundRun | null = null;
  private stopReason: string | null = null;

  constructor(
    readonly job: JobRecord,
    private readonly deps: JobRunnerDeps,
  ) {}

  /** The attempt in progress, if any. */
  get active(): RoundRun | null {
    return this.current;
  }

  stop(reason: string): void {
    this.stopReason = reason;
    this.current?.stop(reason);
  }

  /** Runs to completion, failure or stop; the job record carries the result. Never rejects. */
  async run(): Promise<void> {
    const { job, deps } = this;
    const { config } = job;
    try {
      const strategy = createStrategy(config.strategy);
      for (let round = job.completedRounds + 1; round <= config.rounds; round++) {
        // DP: a round that would take ε past the budget is not run (docs/privacy.md).
        const over = job.privacy ? exceedsBudget(job.privacy) : null;
        if (over !== null)
          return this.end(JobStatus.Stopped, `${PRIVACY_BUDGET_EXHAUSTED}: round ${round} would bring ε to ${over.toFixed(4)}, over the budget ε = ${job.privacy!.budgetEpsilon} (δ = ${job.privacy!.config.delta}); an admin may raise it`);
        job.currentRound = round;
        let reason = '';
        let ok = false;
        // A failed attempt never changes the model or the strategy state: load them once per round.
        const { weights, ref } = await deps.loadModel(job.modelHash);
        const state = job.strategyState ?? strategy.initState(weights);
        // Attempts before a coordinator restart count, the restart itself does not (see restart-recovery).
        let { last: attempt, counted: failures } = attemptsSoFar(job, round);
        while (failures <= config.maxRoundRetries && this.stopReason === null) {
          attempt++;
          // DP jobs: the clip norm this attempt applies (adaptive clipping's current C), resolved once.
          const roundClip = job.privacy ? currentClip(job.privacy) : undefined;
          const run = new RoundRun(
            { jobId: job.id, round, attempt, seedAttempt: failures + 1, config, global: weights, globalRef: ref, strategy, strategyState: state, taskAckTimeoutMs: deps.taskAckTimeoutMs, updateBound: currentUpdateBound(config, job.rounds), quarantined: quarantinedIds(job.rounds), suspicion: suspicionOf(job.rounds), privacyBudget: job.privacy?.budgetEpsilon, privacyClip: roundClip },
            { ...deps, logger: deps.logger.child?.({ jobId: job.id, round, attempt }) ?? deps.logger, onChange: () => deps.changed(job) },
          );
          this.current = run;
          job.rounds.push(run.view);
          await deps.save(job);
          const outcome = await run.run();
          this.current = null;
          if (outcome.ok) {
            // The released model is charged: the ledger moves with the version, in one transaction.
            // Adaptive clipping's next C moves with it (crash-safe like ε: the round's C goes into the version).
            const privacy = job.privacy ? withClip(charge(job.privacy, roundEvent(job.privacy.config, run.view.participants.length)), run.view.privacy) : null;
            const version: ModelVersionRecord = {
              id: deps.newVersionId(),
              hash: outcome.modelHash,
              jobId: job.id,
              round,
              parentId: job.modelVersionId,
              participants: [...run.view.participants],
              metrics: run.view.metrics,
              secureAggregation: config.secureAggregation.enabled,
              privacy: privacy && roundClip !== undefined ? spentOf(privacy, roundClip) : null,
              createdAt: new Date(),
              name: null,
              federatedEval: outcome.federatedEval,
              centralizedEval: null,
            };
            // The live record (what the API shows) moves on only once the round is durable.
            const progress: Partial<JobRecord> = { modelHash: outcome.modelHash, modelVersionId: version.id, strategyState: outcome.state, completedRounds: round, ...(privacy ? { privacy } : {}) };
            await deps.commitRound({ ...job, ...progress }, version);
            // An admin may have raised the budget while the commit was in flight: keep the larger one.
            if (privacy && job.privacy && job.privacy.budgetEpsilon > privacy.budgetEpsilon) progress.privacy = { ...privacy, budgetEpsilon: job.privacy.budgetEpsilon };
            Object.assign(job, progress);
            if (centralizedEvaluationDue(config, round)) deps.evaluateCentrally?.(job, version);
            ok = true;
            break;
          }
          reason = outcome.reason;
          failures++;
        }
        if (this.stopReason !== null) return this.end(JobStatus.Stopped, this.stopReason);
        if (!ok) return this.end(JobStatus.Failed, `round ${round} failed ${1 + config.maxRoundRetries} time(s); last reason: ${reason}`);
      }
      return this.end(JobStatus.Completed, null);
    } catch (e) {
      return this.end(JobStatus.Failed, `internal error: ${(e as Error).message}`);
    }
  }

  private async end(status: JobStatus, reason: string | null): Promise<void> {
    // Pooled kernel memory keeps its high-water mark (a round's held updates: cohort × model × 4 bytes) for
    // the next round; once the job is over, let it go (another running job just acquires fresh pages).
    trimKernelPool();
    this.job.status = status;
    this.job.statusReason = reason;
    await this.deps.save(this.job);
    const level = status === JobStatus.Completed ? 'log' : 'warn';
    (this.deps.logger.child?.({ jobId: this.job.id }) ?? this.deps.logger)[level](`job ${this.job.id} ${status} after ${this.job.completedRounds}/${this.job.config.rounds} round(s)${reason ? `: ${reason}` : ''}`);
  }
}
