/**
 * @module simulation/pooled-trainer
 * A virtual client's `LocalTrainer` (the interface the real `Agent` trains
 * through): it holds no model and no data of its own, only the client's
 * index, data spec, the dataset it announces and a reference to the shared
 * data. Each task goes to the shared
 * `TrainPool`, whose threads build the client's data by index and train it
 * with the real `TfjsTrainer` (docs/simulation.md).
 */
import type { Backend, DatasetInfo, RoundTask } from '@fl/protocol';
import type { ModelWeights } from '@fl/fl-core';
import type { EvalOutcome, LocalTrainer, TrainOutcome } from '../trainers/local-trainer';
import type { SharedDataMessage } from './shared-data';
import type { RunRequest } from './train-worker';
import type { TrainPool } from './train-pool';

export class PooledTrainer implements LocalTrainer {
  constructor(
    private readonly pool: TrainPool,
    private readonly client: number,
    private readonly spec: string,
    readonly dataset: DatasetInfo,
    private readonly data: SharedDataMessage,
  ) {}

  get backend(): Backend {
    return this.pool.backend as Backend;
  }

  train(task: RoundTask, global: ModelWeights, signal: AbortSignal): Promise<TrainOutcome> {
    return this.pool.run<TrainOutcome>(this.request('train', task, global), task.deadline, signal);
  }

  evaluate(task: RoundTask, global: ModelWeights): Promise<EvalOutcome> {
    return this.pool.run<EvalOutcome>(this.request('evaluate', task, global), task.deadline);
  }

  dispose(): void {
    /* nothing held */
  }

  private request(kind: RunRequest['kind'], task: RoundTask, global: ModelWeights): RunRequest {
    return { kind, client: this.client, spec: this.spec, task, global, data: this.data };
  }
}
