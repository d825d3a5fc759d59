/**
 * @module attacks/attack-trainer
 * A `LocalTrainer` that wraps an honest one and poisons what it returns
 * (`--attack`, attack benchmark and tests only; see attacks/attacks): it
 * trains honestly (unless the attack does not need it), then replaces the
 * outcome, and claims the attack's example count at registration. Evaluation
 * stays honest.
 */
import type { DatasetInfo, RoundTask } from '@fl/protocol';
import type { ModelWeights } from '@fl/fl-core';
import type { EvalOutcome, LocalTrainer, TrainOutcome } from '../trainers/local-trainer';
import type { Attack } from './attacks';

export class AttackTrainer implements LocalTrainer {
  readonly dataset: DatasetInfo;

  constructor(
    private readonly inner: LocalTrainer,
    readonly attack: Attack,
  ) {
    this.dataset = attack.claim === undefined ? inner.dataset : { ...inner.dataset, numExamples: attack.claim };
  }

  get backend() {
    return this.inner.backend;
  }

  async train(task: RoundTask, global: ModelWeights, signal: AbortSignal): Promise<TrainOutcome> {
    const honest = this.attack.trains === false ? untrained(task, global, this.inner.dataset.numExamples) : await this.inner.train(task, global, signal);
    return this.attack.poison ? this.attack.poison(task, global, honest) : honest;
  }

  evaluate(task: RoundTask, global: ModelWeights): Promise<EvalOutcome> {
    return this.inner.evaluate(task, global);
  }

  dispose(): void {
    this.inner.dispose();
  }
}

/** The outcome of not training: the global weights, no metrics. */
function untrained(task: RoundTask, global: ModelWeights, numExamples: number): TrainOutcome {
  return { weights: global, numExamples, metrics: { loss: 0, accuracy: 0, examplesProcessed: 0, seconds: 0 }, proximalMu: task.hyper.proximalMu };
}
