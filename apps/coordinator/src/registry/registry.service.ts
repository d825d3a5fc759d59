/**
 * @module registry/registry.service
 * The model registry: lists versions with their lineage, resolves an id or
 * the `serving` alias, promotes a version to serving, exports a version in
 * the TF.js format, imports a TF.js model as a job-less version, and
 * releases a deleted job's versions (keeping the serving one unless forced,
 * and dropping weights no version or job still points at).
 *
 * Unknown version → 404; a layout-only model where a TF.js topology is
 * needed → 409; a bad import → 400.
 */
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Subject } from 'rxjs';
import { SERVING_ALIAS, type ModelVersionView } from '@fl/protocol';
import { deserializeWeights } from '@fl/fl-core';
import { ModelsService } from '../models/models.service';
import { ModelSpecError } from '../models/model-factory';
import { modelRefusal } from '../models/model-refusal';
import { JOBS_REPOSITORY, type JobsRepository } from '../persistence/jobs.repository';
import { MODEL_STORE, type ModelDescription, type ModelStore, type StoredModel } from '../persistence/model-store';
import { MODEL_VERSIONS_REPOSITORY, type ModelVersionRecord, type ModelVersionsRepository } from '../persistence/model-versions.repository';
import { ModelImportError, toTfjsModelJson } from './tfjs-format';
import { importTfjsModel } from './tfjs-import';

export interface ResolvedVersion {
  record: ModelVersionRecord;
  model: StoredModel;
}

@Injectable()
export class RegistryService {
  /** Hashes whose weights left the store (serving drops them from its caches). */
  readonly removed$ = new Subject<string>();

  constructor(
    @Inject(MODEL_VERSIONS_REPOSITORY) private readonly versions: ModelVersionsRepository,
    @Inject(MODEL_STORE) private readonly store: ModelStore,
    @Inject(JOBS_REPOSITORY) private readonly jobs: JobsRepository,
    private readonly models: ModelsService,
  ) {}

  async list(jobId?: string): Promise<ModelVersionView[]> {
    const serving = await this.versions.servingId();
    const records = await this.versions.list(jobId === undefined ? {} : { jobId });
    // Descriptions only: the list must not read (and verify) every version's weights.
    const models = await this.store.describe(records.map((r) => r.hash));
    return records.map((r) => this.view(r, models.get(r.hash), serving));
  }

  /** The version's view; its weights are not read. */
  async get(idOrAlias: string): Promise<ModelVersionView> {
    const record = await this.record(idOrAlias);
    const model = (await this.store.describe([record.hash])).get(record.hash);
    if (!model) throw new NotFoundException(`no model version ${record.id}`);
    return this.view(record, model, await this.versions.servingId());
  }

  /** The version with its weights. @throws NotFoundException for an unknown id, or `serving` when none is. */
  async resolve(idOrAlias: string): Promise<ResolvedVersion> {
    const record = await this.record(idOrAlias);
    const model = await this.store.get(record.hash);
    if (!model) throw new NotFoundException(`no model version ${record.id}`);
    return { record, model };
  }

  /** @throws NotFoundException for an unknown id, or `serving` when none is. */
  private async record(idOrAlias: string): Promise<ModelVersionRecord> {
    let id = idOrAlias;
    if (idOrAlias === SERVING_ALIAS) {
      const serving = await this.versions.servingId();
      if (serving === null) throw new NotFoundException('no model version is serving; promote one with POST /api/models/{id}/promote');
      id = serving;
    }
    const record = await this.versions.get(id);
    if (!record) throw new NotFoundException(`no model version ${id}`);
    return record;
  }

  /** Like {@link resolve}, and the version must have a TF.js topology. @throws ConflictException */
  async resolveTfjs(idOrAlias: string): Promise<ResolvedVersion & { topology: object }> {
    const r = await this.resolve(idOrAlias);
    if (r.model.topology === null)
      throw new ConflictException(`model version ${r.record.id} is a layout-only model (no TF.js topology): it cannot be served or exported in the TF.js format`);
    return { ...r, topology: r.model.topology };
  }

  async promote(id: string): Promise<ModelVersionView> {
    const { record, model } = await this.resolveTfjs(id);
    await this.versions.setServing(record.id);
    return this.view(record, model, record.id);
  }

  async tfjsModelJson(idOrAlias: string): Promise<object> {
    const { model, topology } = await this.resolveTfjs(idOrAlias);
    return toTfjsModelJson(topology, model.layout);
  }

  /** The float32 LE weights in layout order (a view over the stored bytes). */
  async tfjsWeights(idOrAlias: string): Promise<Uint8Array> {
    const { model } = await this.resolveTfjs(idOrAlias);
    const { data } = deserializeWeights(model.bytes, model.layout);
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }

  /** Stores an uploaded TF.js model as a new job-less version. @throws BadRequestException */
  async import(modelJson: Uint8Array, weights: Uint8Array, name: string | null): Promise<ModelVersionView> {
    let imported;
    try {
      imported = await importTfjsModel(modelJson, weights);
    } catch (e) {
      if (e instanceof ModelSpecError) throw modelRefusal(e.code, e.message);
      if (e instanceof ModelImportError) throw modelRefusal(e.code, e.message);
      throw e;
    }
    const model = await this.models.save(imported.weights, imported.topology, imported.serialized);
    const record: ModelVersionRecord = { id: randomUUID(), hash: model.hash, jobId: null, round: 0, parentId: null, participants: [], metrics: null, secureAggregation: false, privacy: null, createdAt: new Date(), name };
    await this.versions.add(record);
    return this.view(record, model, await this.versions.servingId());
  }

  /**
   * Removes a job's versions, except the serving one unless `force`; then
   * forgets weights that no remaining version or job points at.
   */
  async releaseJob(jobId: string, force: boolean): Promise<{ deleted: string[]; kept: string[] }> {
    const serving = await this.versions.servingId();
    const mine = await this.versions.list({ jobId });
    const kept = force ? [] : mine.filter((v) => v.id === serving).map((v) => v.id);
    const gone = mine.filter((v) => !kept.includes(v.id));
    await this.versions.delete(gone.map((v) => v.id));
    const stillUsed = new Set([...(await this.versions.list()).map((v) => v.hash), ...(await this.jobs.list()).filter((j) => j.id !== jobId).map((j) => j.modelHash)]);
    for (const hash of new Set(gone.map((v) => v.hash))) {
      if (stillUsed.has(hash)) continue;
      await this.store.delete(hash);
      this.removed$.next(hash);
    }
    return { deleted: gone.map((v) => v.id), kept };
  }

  private view(r: ModelVersionRecord, m: ModelDescription | undefined, servingId: string | null): ModelVersionView {
    return {
      id: r.id,
      hash: r.hash,
      jobId: r.jobId,
      round: r.round,
      parentId: r.parentId,
      participants: [...r.participants],
      metrics: r.metrics,
      federatedEval: r.federatedEval?.summary ?? null,
      centralizedEval: r.centralizedEval ?? null,
      secureAggregation: r.secureAggregation,
      privacy: r.privacy,
      createdAt: r.createdAt.toISOString(),
      name: r.name,
      serving: r.id === servingId,
      parameterCount: m?.parameterCount ?? 0,
      layout: m?.layout ?? [],
      hasTopology: (m?.topology ?? null) !== null,
    };
  }
}
