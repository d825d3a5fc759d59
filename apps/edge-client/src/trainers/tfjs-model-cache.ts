/**
 * @module trainers/tfjs-model-cache
 * The TF.js model a trainer computes with, built from a task's topology and
 * kept while the topology stays the same (keyed by the SHA-256 of its JSON);
 * each task only loads the global weights into it. One cache per
 * `TfjsTrainer`, or one per simulation worker thread shared by the virtual
 * clients it serves (docs/simulation.md), so no idle client holds a model.
 */
import { createHash } from 'node:crypto';
import type { RoundTask } from '@fl/protocol';
import type * as TrainerLib from '@fl/trainer-tfjs';
import { ClientError } from '../errors';

export type TfjsModel = Awaited<ReturnType<typeof TrainerLib.buildModel>>;

export class TfjsModelCache {
  private cached: { key: string; model: TfjsModel } | null = null;

  constructor(private readonly lib: typeof TrainerLib) {}

  /** The model for `task`'s topology, built on first use. Throws `BAD_MODEL`. */
  async modelFor(task: RoundTask): Promise<TfjsModel> {
    const topology = task.model.topology;
    if (topology === null) throw new ClientError('BAD_MODEL', 'layout-only model: nothing to train');
    const key = createHash('sha256').update(JSON.stringify(topology)).digest('hex');
    if (this.cached?.key === key) return this.cached.model;
    this.dispose();
    let model: TfjsModel;
    try {
      model = await this.lib.buildModel({ layers: topology });
    } catch (e) {
      throw new ClientError('BAD_MODEL', `cannot build the task's model: ${(e as Error).message}`);
    }
    this.cached = { key, model };
    return model;
  }

  dispose(): void {
    this.cached?.model.dispose();
    this.cached = null;
  }
}
