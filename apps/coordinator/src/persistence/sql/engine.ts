/**
 * @module persistence/sql/engine
 * Opens the database for the configured engine and brings its schema up to
 * date (Kysely `Migrator`, idempotent, at every boot):
 *
 * - `embedded` (default): PGlite in `<dataDir>/db`: PostgreSQL compiled to
 *   WebAssembly, no server, no native build, run in a worker thread so its
 *   queries never block the event loop (see {@link PGlitePool}). The first
 *   boot on an empty folder runs initdb (about 4 s); later boots open it in
 *   under a second. If that worker dies, every query fails from then on and
 *   `onEmbeddedLost` is called (the persistence module exits the process).
 * - `postgres`: a PostgreSQL server at `databaseUrl` (`pg` pool), for
 *   production and for several coordinators sharing one database.
 *
 * Both go through the same Kysely `PostgresDialect`, so every query and
 * migration is the same code on both engines.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import type { Database } from './database';
import { migrationProvider } from './migrations';
import { PGlitePool } from './pglite-pool';

export type SqlEngine = 'embedded' | 'postgres';

export interface EngineOptions {
  engine: SqlEngine;
  /** Data directory (embedded: the database lives in `<dataDir>/db`). */
  dataDir: string;
  /** PostgreSQL connection string (postgres engine). */
  databaseUrl?: string;
  /** Embedded engine: called once if its worker dies unexpectedly (the database is gone until a restart). */
  onEmbeddedLost?: (reason: Error) => void;
}

export class StorageError extends Error {
  constructor(
    readonly code: 'MIGRATION_FAILED' | 'BLOB_CORRUPT' | 'BLOB_MISSING' | 'NO_DATABASE_URL',
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

const logger = new Logger('Database');

export async function openDatabase(o: EngineOptions): Promise<Kysely<Database>> {
  let dialect: PostgresDialect;
  if (o.engine === 'embedded') {
    const dir = join(o.dataDir, 'db');
    mkdirSync(dir, { recursive: true });
    // In a worker thread (the wasm engine never runs on the event loop); the postgres engine never loads it.
    dialect = new PostgresDialect({ pool: (await PGlitePool.open(dir, undefined, o.onEmbeddedLost)) as never });
  } else {
    if (!o.databaseUrl) throw new StorageError('NO_DATABASE_URL', 'the postgres engine needs a database URL (--database-url / FL_DATABASE_URL)');
    const { Pool } = await import('pg');
    const pool = new Pool({ connectionString: o.databaseUrl, max: 10 });
    // An idle connection the server closes (restart, failover, pg_terminate_backend) makes the pool emit
    // 'error'; unhandled, that event would kill the process. The pool drops that client and opens a new
    // one on the next query, so a warning is all it takes.
    pool.on('error', (e) => logger.warn(`an idle PostgreSQL connection failed and was dropped: ${e.message}`));
    dialect = new PostgresDialect({ pool });
  }
  const db = new Kysely<Database>({ dialect });
  try {
    await migrate(db);
  } catch (e) {
    await db.destroy().catch(() => undefined);
    throw e;
  }
  return db;
}

/** Runs every pending migration. @throws StorageError MIGRATION_FAILED */
export async function migrate(db: Kysely<Database>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StorageError('MIGRATION_FAILED', `database migration ${failed} failed: ${(error as Error).message ?? String(error)}`);
  }
}
