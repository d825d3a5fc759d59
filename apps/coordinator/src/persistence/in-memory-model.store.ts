/**
 * @module persistence/in-memory-model.store
 * {@link ModelStore} kept in a Map.
 */
import type { ModelDescription, ModelStore, StoredModel } from './model-store';

export class InMemoryModelStore implements ModelStore {
  private readonly models = new Map<string, StoredModel>();

  async put(model: StoredModel): Promise<void> {
    if (!this.models.has(model.hash)) this.models.set(model.hash, model);
  }

  async get(hash: string): Promise<StoredModel | undefined> {
    return this.models.get(hash);
  }

  async describe(hashes: readonly string[]): Promise<Map<string, ModelDescription>> {
    const out = new Map<string, ModelDescription>();
    for (const h of hashes) {
      const m = this.models.get(h);
      if (m) out.set(h, { hash: m.hash, layout: m.layout, topology: m.topology, parameterCount: m.parameterCount });
    }
    return out;
  }

  async has(hash: string): Promise<boolean> {
    return this.models.has(hash);
  }

  async delete(hash: string): Promise<void> {
    this.models.delete(hash);
  }
}
