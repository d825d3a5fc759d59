/**
 * @module trainers/tfjs-trainer
 * Real local training with `@fl/trainer-tfjs`, which is required lazily so
 * that `--echo` clients never load TF.js. The TF.js model comes from a
 * `TfjsModelCache` (built per topology; each task only loads the global
 * weights into it).
 * Training stops `UPLOAD_MARGIN_MS` before the task deadline so the update
 * can still be uploaded (FedProx-style partial work). Evaluate tasks use the
 * local test split, or the training data when there is none.
 */
import type { Backend, DatasetInfo, RoundTask } from '@fl/protocol';
import type { ModelWeights } from '@fl/fl-core';
import type * as TrainerLib from '@fl/trainer-tfjs';
import type * as TrainerNode from '@fl/trainer-tfjs/node';
import { ClientError } from '../errors';
import { TfjsModelCache } from './tfjs-model-cache';
import type { EvalOutcome, LocalTrainer, TrainOutcome } from './local-trainer';

type LoadedData = Awaited<ReturnType<typeof TrainerNode.loadDataSpec>>;

/** Time kept free before the deadline for the upload. */
export const UPLOAD_MARGIN_MS = 3000;

export class TfjsTrainer implements LocalTrainer {
  readonly dataset: DatasetInfo;

  private constructor(
    private readonly lib: typeof TrainerLib,
    private readonly data: LoadedData,
    readonly backend: Backend,
    private readonly models: TfjsModelCache,
    private readonly ownsModels: boolean,
  ) {
    this.dataset = { name: data.name, numExamples: data.train.count };
  }

  /**
   * A trainer over data already loaded, computing with `models` (shared: the
   * simulation's worker threads keep one per thread; `dispose` leaves it be)
   * or, without it, a cache of its own.
   */
  static async fromData(data: LoadedData, backend: Backend, models?: TfjsModelCache): Promise<TfjsTrainer> {
    const lib = await import('@fl/trainer-tfjs');
    return new TfjsTrainer(lib, data, backend, models ?? new TfjsModelCache(lib), models === undefined);
  }

  /**
   * Loads the data spec (see `@fl/trainer-tfjs/node` parseDataSpec) for an already selected backend;
   * `prepare` rewrites the training split once (the label-flip attack of attacks/attacks).
   */
  static async create(spec: string, backend: Backend, prepare?: (train: LoadedData['train']) => LoadedData['train']): Promise<TfjsTrainer> {
    const node = await import('@fl/trainer-tfjs/node');
    const lib = await import('@fl/trainer-tfjs');
    let data: LoadedData;
    try {
      data = await node.loadDataSpec(spec);
    } catch (e) {
      throw new ClientError('DATA', `cannot load --data "${spec}": ${(e as Error).message}`);
    }
    if (data.train.count < 1) throw new ClientError('DATA', `--data "${spec}" has no training examples`);
    return new TfjsTrainer(lib, prepare ? { ...data, train: prepare(data.train) } : data, backend, new TfjsModelCache(lib), true);
  }

  /** Test examples held locally (0 when evaluation falls back to the training data). */
  get testExamples(): number {
    return this.data.test?.count ?? 0;
  }

  async train(task: RoundTask, global: ModelWeights, signal: AbortSignal): Promise<TrainOutcome> {
    const model = await this.models.modelFor(task);
    this.lib.setModelWeights(model, global);
    const r = await this.lib.fitLocal(model, this.data.train, task.hyper, {
      seed: task.seed,
      deadline: task.deadline,
      deadlineMarginMs: UPLOAD_MARGIN_MS,
      signal,
    });
    return { weights: r.weights, numExamples: r.numExamples, metrics: r.metrics, proximalMu: task.hyper.proximalMu };
  }

  async evaluate(task: RoundTask, global: ModelWeights): Promise<EvalOutcome> {
    const model = await this.models.modelFor(task);
    this.lib.setModelWeights(model, global);
    const ds = this.data.test && this.data.test.count > 0 ? this.data.test : this.data.train;
    const r = this.lib.evaluate(model, ds);
    return { numExamples: r.numExamples, loss: r.loss, accuracy: r.accuracy };
  }

  dispose(): void {
    if (this.ownsModels) this.models.dispose();
  }
}
