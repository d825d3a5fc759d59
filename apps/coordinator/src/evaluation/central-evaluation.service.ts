/**
 * @module evaluation/central-evaluation.service
 * Centralized evaluation (docs/evaluation.md): after an evaluated round is
 * committed, the coordinator evaluates the new version on the job's
 * held-out `evalData` in an inference worker (serving's pool) and records
 * the result on the version. It runs in the background: the next round
 * never waits for it; a failure (data missing, serving off, a model the
 * data does not fit) is recorded as `failed` with its reason, never fatal.
 * At boot, evaluations a restart cut short (a due version without a result)
 * are started again. Each recorded result is announced on `recorded$` (the
 * admin gateway's `admin:evaluation`).
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Subject } from 'rxjs';
import type { AdminEvaluationUpdate, CentralizedEvaluation } from '@fl/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { CLOCK, type Clock } from '../common/clock';
import { ModelsService } from '../models/models.service';
import { JOBS_REPOSITORY, type JobsRepository } from '../persistence/jobs.repository';
import { centralizedEvaluationDue } from '../rounds/evaluation-cadence';
import { MODEL_VERSIONS_REPOSITORY, type ModelVersionRecord, type ModelVersionsRepository } from '../persistence/model-versions.repository';
import { ServingService } from '../serving/serving.service';
import { resolveEvalData } from './eval-data';

@Injectable()
export class CentralEvaluationService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CentralEvaluationService.name);
  private readonly running = new Set<Promise<void>>();
  private closing = false;
  readonly recorded$ = new Subject<AdminEvaluationUpdate>();

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MODEL_VERSIONS_REPOSITORY) private readonly versions: ModelVersionsRepository,
    private readonly models: ModelsService,
    private readonly serving: ServingService,
    @Inject(JOBS_REPOSITORY) private readonly jobs: JobsRepository,
  ) {}

  /** Starts the evaluations a coordinator restart cut short: due versions without a result. */
  async onApplicationBootstrap(): Promise<void> {
    for (const job of await this.jobs.list()) {
      const spec = job.config.evalData;
      if (!spec) continue;
      for (const v of await this.versions.list({ jobId: job.id }))
        if (v.round > 0 && !v.centralizedEval && centralizedEvaluationDue(job.config, v.round)) this.start(spec, v, `job ${job.id} round ${v.round} (after a restart)`);
    }
  }

  /** Evaluations started and not yet recorded. */
  get pending(): number {
    return this.running.size;
  }

  /** Starts evaluating `version` on `spec` and records the outcome on it; returns at once. */
  start(spec: string, version: ModelVersionRecord, label: string): void {
    const p = this.evaluate(spec, version.hash).then(async (result) => {
      if (this.closing) return; // a shutdown cut it short: nothing to record
      await this.versions.setCentralizedEval(version.id, result);
      if (version.jobId) this.recorded$.next({ jobId: version.jobId, round: version.round });
      if (result.status === 'done') this.logger.log(`${label}: centralized evaluation on ${spec}: loss ${result.loss.toFixed(4)} acc ${result.accuracy.toFixed(4)} (${result.numExamples} examples, ${result.seconds.toFixed(2)} s)`);
      else this.logger.warn(`${label}: centralized evaluation on ${spec} failed: ${result.error}`);
    });
    const tracked = p.catch((e: Error) => this.logger.error(`${label}: recording the centralized evaluation failed: ${e.message}`)).finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  /** Waits for the evaluations started so far (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.running]);
  }

  private async evaluate(spec: string, hash: string): Promise<CentralizedEvaluation> {
    const evaluatedAt = () => new Date(this.clock.now()).toISOString();
    try {
      const model = await this.models.require(hash);
      const r = await this.serving.evaluate(model, resolveEvalData(spec, this.config.evalDataDir));
      return { status: 'done', dataset: spec, numExamples: r.numExamples, loss: r.loss, accuracy: r.accuracy, seconds: r.seconds, evaluatedAt: evaluatedAt() };
    } catch (e) {
      return { status: 'failed', dataset: spec, error: (e as Error).message, evaluatedAt: evaluatedAt() };
    }
  }

  onModuleDestroy(): void {
    this.closing = true;
  }
}
