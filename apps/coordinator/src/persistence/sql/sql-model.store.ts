/**
 * @module persistence/sql/sql-model.store
 * {@link ModelStore} on disk: the bytes in the content-addressed
 * {@link BlobStore}, the metadata (layout, topology, size) in the `models`
 * table. The blob is written (and fsynced) before its row, so a row always
 * points at a complete file. The few most recently used models are kept in
 * memory (verified once), since every cohort member fetches the same model.
 * `describe` answers from the rows alone, so listing the registry reads no
 * blob.
 */
import type { Kysely } from 'kysely';
import type { TensorSpec } from '@fl/protocol';
import type { ModelDescription, ModelStore, StoredModel } from '../model-store';
import type { BlobStore } from '../blob-store';
import type { Database } from './database';

/** Models kept in memory after a read or write. */
export const MODEL_CACHE_ENTRIES = 4;

export class SqlModelStore implements ModelStore {
  private readonly cache = new Map<string, StoredModel>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly blobs: BlobStore,
  ) {}

  async put(model: StoredModel): Promise<void> {
    await this.blobs.put(model.hash, model.bytes);
    await this.db
      .insertInto('models')
      .values({
        hash: model.hash,
        layout: JSON.stringify(model.layout),
        topology: model.topology === null ? null : JSON.stringify(model.topology),
        parameter_count: model.parameterCount,
        bytes: model.bytes.byteLength,
        created_at: new Date(),
      })
      .onConflict((oc) => oc.column('hash').doNothing())
      .execute();
    this.remember(model);
  }

  /** @throws StorageError BLOB_CORRUPT when the file no longer matches its hash. */
  async get(hash: string): Promise<StoredModel | undefined> {
    const hit = this.cache.get(hash);
    if (hit) return this.remember(hit);
    const row = await this.db.selectFrom('models').selectAll().where('hash', '=', hash).executeTakeFirst();
    if (!row) return undefined;
    const bytes = await this.blobs.get(hash);
    return this.remember({ hash, bytes, layout: row.layout as TensorSpec[], topology: (row.topology as object | null) ?? null, parameterCount: row.parameter_count });
  }

  /** From the `models` rows (one query); the blobs are not read. */
  async describe(hashes: readonly string[]): Promise<Map<string, ModelDescription>> {
    const out = new Map<string, ModelDescription>();
    const unique = [...new Set(hashes)];
    if (unique.length === 0) return out;
    const rows = await this.db.selectFrom('models').select(['hash', 'layout', 'topology', 'parameter_count']).where('hash', 'in', unique).execute();
    for (const r of rows) out.set(r.hash, { hash: r.hash, layout: r.layout as TensorSpec[], topology: (r.topology as object | null) ?? null, parameterCount: r.parameter_count });
    return out;
  }

  async has(hash: string): Promise<boolean> {
    if (this.cache.has(hash)) return true;
    return (await this.db.selectFrom('models').select('hash').where('hash', '=', hash).executeTakeFirst()) !== undefined;
  }

  async delete(hash: string): Promise<void> {
    this.cache.delete(hash);
    await this.db.deleteFrom('models').where('hash', '=', hash).execute();
    await this.blobs.delete(hash);
  }

  private remember(m: StoredModel): StoredModel {
    this.cache.delete(m.hash);
    this.cache.set(m.hash, m);
    while (this.cache.size > MODEL_CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    return m;
  }
}
