/**
 * @module jobs/jobs.service
 * Job use cases behind the REST API: create (defaults + cross-field checks +
 * initial model, built or taken from a registry version), list, get (with
 * each round's evaluation), evaluation history, start, stop, delete, current
 * global model. Unknown ids → 404; transitions a job's
 * status does not allow → 409.
 */
import { BadRequestException, ConflictException, HttpException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { JobStatus, PRIVACY_BUDGET_EXHAUSTED, type JobConfig, type JobEvaluations, type JobView } from '@fl/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { jobEvaluations, withEvaluations } from '../evaluation/evaluation-history';
import { ModelsService } from '../models/models.service';
import { ModelSpecError } from '../models/model-factory';
import { modelRefusal } from '../models/model-refusal';
import type { StoredModel } from '../persistence/model-store';
import { RegistryService } from '../registry/registry.service';
import { JOBS_REPOSITORY, type JobsRepository } from '../persistence/jobs.repository';
import { MODEL_VERSIONS_REPOSITORY, type ModelVersionsRepository } from '../persistence/model-versions.repository';
import { toJobView, type JobRecord } from '../persistence/job-record';
import { RoundsService } from '../rounds/rounds.service';
import { JobEventsService } from '../rounds/job-events.service';
import type { CreateJobDto } from './dto/create-job.dto';
import type { GlobalModelDto } from './dto/global-model.dto';
import { buildJobConfig } from './job-config';
import { keptUpdateProblems } from './kept-updates';
import { ClientsService } from '../clients/clients.service';
import { newLedger, raiseBudget } from '../privacy/privacy-ledger';
import { resolveDdg } from '../privacy/ddg-params';

const STARTABLE: readonly JobStatus[] = [JobStatus.Created, JobStatus.Stopped];
const STOPPABLE: readonly JobStatus[] = [JobStatus.Created, JobStatus.Running];

@Injectable()
export class JobsService {
  constructor(
    @Inject(JOBS_REPOSITORY) private readonly jobs: JobsRepository,
    @Inject(MODEL_VERSIONS_REPOSITORY) private readonly versions: ModelVersionsRepository,
    private readonly models: ModelsService,
    private readonly rounds: RoundsService,
    private readonly events: JobEventsService,
    private readonly registry: RegistryService,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    private readonly clients: ClientsService,
  ) {}

  async create(dto: CreateJobDto): Promise<JobView> {
    const { config, problems } = buildJobConfig(dto, { evalDataDir: this.config.evalDataDir, enrolled: this.clients.list().length });
    if (problems.length) throw new BadRequestException(problems);
    const { model, parentId } = await this.initialModel(config);
    const kept = keptUpdateProblems(config, model.parameterCount);
    if (kept.length) throw new BadRequestException(kept);
    if (config.privacy?.mode === 'distributed-ddg') {
      const r = resolveDdg(config.privacy, config, model.parameterCount);
      if (r.problems.length) throw new BadRequestException(r.problems);
      config.privacy = r.privacy;
    }
    const id = randomUUID();
    const versionId = randomUUID();
    await this.versions.add({ id: versionId, hash: model.hash, jobId: id, round: 0, parentId, participants: [], metrics: null, secureAggregation: false, privacy: null, createdAt: new Date(), name: null });
    const job: JobRecord = {
      id,
      config,
      status: JobStatus.Created,
      statusReason: null,
      createdAt: new Date(),
      rounds: [],
      currentRound: 0,
      completedRounds: 0,
      modelHash: model.hash,
      modelVersionId: versionId,
      parameterCount: model.parameterCount,
      strategyState: null,
      privacy: config.privacy ? newLedger(config.privacy) : null,
    };
    await this.save(job);
    return toJobView(job);
  }

  /**
   * Raises a DP job's ε budget (admin only, audited by the interceptor). The
   * ledger's spending is untouched; a job stopped at its budget can then be
   * started again. 400 for a job without privacy or a budget not larger.
   */
  async raiseBudget(id: string, epsilon: number): Promise<JobView> {
    const job = await this.require(id);
    if (!job.privacy) throw new BadRequestException([`job ${id} does not use differential privacy`]);
    const problem = raiseBudget(job.privacy, epsilon);
    if (typeof problem === 'string') throw new BadRequestException([problem]);
    job.privacy = problem;
    if (job.status === JobStatus.Stopped && job.statusReason?.startsWith(PRIVACY_BUDGET_EXHAUSTED)) job.statusReason = `${job.statusReason} (budget since raised to ε = ${epsilon})`;
    await this.save(job);
    return toJobView(job);
  }

  async list(): Promise<JobView[]> {
    return (await this.jobs.list()).map(toJobView);
  }

  async get(id: string): Promise<JobView> {
    const job = await this.require(id);
    return withEvaluations(toJobView(job), await this.versions.list({ jobId: id }));
  }

  /** The job's evaluation history: per evaluated round, federated means, per-client rows and the centralized result. */
  async evaluations(id: string): Promise<JobEvaluations> {
    const job = await this.require(id);
    return jobEvaluations(id, job.config, await this.versions.list({ jobId: id }));
  }

  /** created | stopped → running. */
  async start(id: string): Promise<JobView> {
    const job = await this.require(id);
    if (!STARTABLE.includes(job.status) || this.rounds.isRunning(id)) throw new ConflictException(`job ${id} is ${job.status}; only a created or stopped job can be started`);
    job.status = JobStatus.Running;
    job.statusReason = null;
    await this.save(job);
    this.rounds.start(job);
    return toJobView(job);
  }

  /** created | running → stopped (a running round is cancelled, its model not kept). */
  async stop(id: string): Promise<JobView> {
    const job = await this.require(id);
    if (!STOPPABLE.includes(job.status)) throw new ConflictException(`job ${id} is ${job.status}; only a created or running job can be stopped`);
    const reason = 'stopped by request';
    if (this.rounds.isRunning(id)) this.rounds.stop(id, reason);
    job.status = JobStatus.Stopped;
    job.statusReason = reason;
    await this.save(job);
    return toJobView(job);
  }

  /**
   * Deletes a job and its model versions, except the serving one unless
   * `force`. A running job must be stopped first (409).
   */
  async remove(id: string, force: boolean): Promise<{ jobId: string; deletedVersions: string[]; keptVersions: string[] }> {
    const job = await this.require(id);
    if (job.status === JobStatus.Running || this.rounds.isRunning(id)) throw new ConflictException(`job ${id} is running; stop it first (POST /api/jobs/${id}/stop)`);
    const { deleted, kept } = await this.registry.releaseJob(id, force);
    await this.jobs.delete(id);
    return { jobId: id, deletedVersions: deleted, keptVersions: kept };
  }

  async model(id: string): Promise<GlobalModelDto> {
    const job = await this.require(id);
    const m = await this.models.require(job.modelHash);
    return { hash: m.hash, round: job.completedRounds, layout: m.layout, topology: m.topology, parameterCount: m.parameterCount };
  }

  /** The job's initial model: built from the spec, or a registry version's (then its parent). */
  private async initialModel(config: JobConfig): Promise<{ model: StoredModel; parentId: string | null }> {
    const version = config.model.version;
    try {
      if (version !== undefined) {
        const { record, model } = await this.registry.resolve(version);
        return { model, parentId: record.id };
      }
      return { model: await this.models.createInitial(config.model, config.seed), parentId: null };
    } catch (e) {
      if (e instanceof ModelSpecError) throw modelRefusal(e.code, e.message);
      if (e instanceof HttpException && e.getStatus() === 404) throw new BadRequestException([`model.version: no model version ${version}`]);
      throw e;
    }
  }

  private async require(id: string): Promise<JobRecord> {
    const job = await this.jobs.get(id);
    if (!job) throw new NotFoundException(`no job ${id}`);
    return job;
  }

  private async save(job: JobRecord): Promise<void> {
    await this.jobs.save(job);
    this.events.changed(job);
  }
}
