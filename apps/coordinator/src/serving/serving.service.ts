/**
 * @module serving/serving.service
 * Model serving: resolves a version (or `serving`), learns its input and
 * output shapes from a worker (cached per model hash), checks and packs the
 * inputs, and runs the batch on the {@link InferencePool}. Inference never
 * runs on the coordinator's event loop.
 *
 * Errors: unknown version 404; layout-only model, or a model whose input
 * shape has unknown dims, 409; bad inputs 400; a batch over
 * `servingMaxBatch` 413; queue full or serving off 503.
 */
import { BadRequestException, ConflictException, Inject, Injectable, Logger, OnModuleDestroy, PayloadTooLargeException, ServiceUnavailableException } from '@nestjs/common';
import { Worker } from 'node:worker_threads';
import type { PredictResponse } from '@fl/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { RegistryService } from '../registry/registry.service';
import type { StoredModel } from '../persistence/model-store';
import { InferencePool, PoolBusyError, type ModelSource } from './inference-pool';
import { LruCache } from './lru-cache';
import { packInputs, PredictInputError } from './predict-input';
import { toPredictions } from './predictions';
import { workerFile } from '../common/worker-file';
import type { EvaluationReply, ModelShapes } from './worker-messages';
import { CoordinatorMetrics } from '../metrics/coordinator-metrics';

const MB = 1024 * 1024;

@Injectable()
export class ServingService implements OnModuleDestroy {
  private readonly logger = new Logger(ServingService.name);
  private pool: InferencePool | null = null;
  private readonly shapes = new Map<string, Promise<ModelShapes>>();
  private readonly shapeKeys: LruCache<string>;
  private readonly subscription;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    private readonly registry: RegistryService,
    private readonly metrics: CoordinatorMetrics,
  ) {
    this.shapeKeys = new LruCache(1000, Number.MAX_SAFE_INTEGER);
    this.subscription = registry.removed$.subscribe((hash) => {
      this.shapes.delete(hash);
      this.shapeKeys.delete(hash);
      this.pool?.forget(hash);
    });
  }

  /** Runs one predict request, timed for `fl_predict_duration_seconds`. */
  async predict(idOrAlias: string, inputs: unknown): Promise<PredictResponse> {
    const done = this.metrics.predictSeconds.startTimer();
    try {
      const out = await this.predictNow(idOrAlias, inputs);
      done({ outcome: 'ok' });
      return out;
    } catch (e) {
      done({ outcome: 'error' });
      throw e;
    }
  }

  /** Predict requests waiting for an inference worker. */
  get queued(): number {
    return this.pool?.queued ?? 0;
  }

  private async predictNow(idOrAlias: string, inputs: unknown): Promise<PredictResponse> {
    const { record, model } = await this.registry.resolveTfjs(idOrAlias);
    const pool = this.requirePool();
    const source = this.source(model);
    const { inputShape, outputShape } = await this.shapesOf(pool, source);
    if (inputShape.some((d) => d === null)) throw new ConflictException(`model version ${record.id} has an input shape with unknown dimensions (${JSON.stringify(inputShape)}); only fixed-shape models can be served`);
    let packed;
    try {
      packed = packInputs(inputs, inputShape as number[], this.config.servingMaxBatch);
    } catch (e) {
      if (!(e instanceof PredictInputError)) throw e;
      throw e.tooLarge ? new PayloadTooLargeException(e.message) : new BadRequestException(e.message);
    }
    const outputs = await this.run(() => pool.predict(source, packed.data, packed.batch));
    return { modelId: record.id, ...toPredictions(outputs, packed.batch), outputShape: outputShape.map((d) => d ?? -1) };
  }

  /**
   * Centralized evaluation (docs/evaluation.md): `model` on the dataset the
   * data spec `data` names, in an inference worker, never on the event loop.
   * @throws ServiceUnavailableException when serving is off or the queue is full; Error when the worker fails (unreadable data, a model the data does not fit).
   */
  async evaluate(model: StoredModel, data: string): Promise<EvaluationReply> {
    if (!model.topology) throw new ConflictException(`model ${model.hash} has no TF.js topology (a layout-only model) and cannot be evaluated`);
    const pool = this.requirePool();
    return this.run(() => pool.evaluate(this.source(model), data));
  }

  /** Backends the ready workers run on (health / logs). */
  backends(): string[] {
    return this.pool?.backends ?? [];
  }

  private requirePool(): InferencePool {
    if (this.config.servingWorkers === 0) throw new ServiceUnavailableException('serving is off on this coordinator (--serving-workers 0)');
    if (!this.pool) {
      const file = workerFile('serving/predict.worker.js');
      this.pool = new InferencePool({
        workers: this.config.servingWorkers,
        spawn: () => new Worker(file),
        maxQueue: this.config.servingQueue,
        maxBatch: this.config.servingMaxBatch,
        cacheModels: this.config.servingCacheModels,
        cacheBytes: this.config.servingCacheMB * MB,
      });
      this.logger.log(`started ${this.config.servingWorkers} inference worker(s)`);
    }
    return this.pool;
  }

  private source(m: StoredModel): ModelSource {
    return { hash: m.hash, bytes: m.bytes.byteLength, payload: () => ({ topology: m.topology as object, bytes: m.bytes.slice() }) };
  }

  private shapesOf(pool: InferencePool, source: ModelSource): Promise<ModelShapes> {
    let p = this.shapes.get(source.hash);
    if (p) {
      this.shapeKeys.touch(source.hash);
      return p;
    }
    p = this.run(() => pool.shapes(source));
    p.catch(() => this.shapes.delete(source.hash));
    this.shapes.set(source.hash, p);
    for (const old of this.shapeKeys.add(source.hash, 1)) this.shapes.delete(old);
    return p;
  }

  private async run<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (e) {
      if (e instanceof PoolBusyError) throw new ServiceUnavailableException(e.message);
      throw e;
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.subscription.unsubscribe();
    await this.pool?.close();
    this.pool = null;
  }
}
