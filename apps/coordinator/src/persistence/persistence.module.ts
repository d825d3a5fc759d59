/**
 * @module persistence/persistence.module
 * Global module binding the repository interfaces to the configured engine:
 * `embedded` (PGlite in `<dataDir>/db`, the default) or `postgres`, both
 * through the Kysely layer in `sql/`, with model blobs in
 * `<dataDir>/models`; or `memory` (tests: nothing survives a restart).
 * Migrations run when the database opens, before anything reads it. With
 * postgres, boot then waits for the coordinator lease (sql/coordinator-lease:
 * one active coordinator per database, the others on standby), and every job
 * write is fenced by it. Crash-only like losing the lease: if the embedded
 * engine's worker dies, the process logs why and exits (code 1), and the
 * restarted coordinator reopens the data directory and resumes its jobs.
 */
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Kysely } from 'kysely';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { MODEL_STORE } from './model-store';
import { InMemoryModelStore } from './in-memory-model.store';
import { JOBS_REPOSITORY } from './jobs.repository';
import { InMemoryJobsRepository } from './in-memory-jobs.repository';
import { MODEL_VERSIONS_REPOSITORY, type ModelVersionsRepository } from './model-versions.repository';
import { InMemoryModelVersionsRepository } from './in-memory-model-versions.repository';
import { CLIENTS_REPOSITORY } from './clients.repository';
import { InMemoryClientsRepository } from './in-memory-clients.repository';
import { BlobStore } from './blob-store';
import type { Database } from './sql/database';
import { openDatabase } from './sql/engine';
import { SqlJobsRepository } from './sql/sql-jobs.repository';
import { SqlModelStore } from './sql/sql-model.store';
import { SqlModelVersionsRepository } from './sql/sql-model-versions.repository';
import { SqlClientsRepository } from './sql/sql-clients.repository';
import { CoordinatorLease } from './sql/coordinator-lease';
import { API_TOKENS_REPOSITORY } from './api-tokens.repository';
import { AUDIT_LOG_REPOSITORY, type AuditLogRepository } from './audit-log.repository';
import { InMemoryApiTokensRepository } from './in-memory-api-tokens.repository';
import { InMemoryAuditLogRepository } from './in-memory-audit-log.repository';
import { SqlApiTokensRepository } from './sql/sql-api-tokens.repository';
import { SqlAuditLogRepository } from './sql/sql-audit-log.repository';
import { ENROLLMENT_TOKENS_REPOSITORY } from './enrollment-tokens.repository';
import { InMemoryEnrollmentTokensRepository } from './in-memory-enrollment-tokens.repository';
import { SqlEnrollmentTokensRepository } from './sql/sql-enrollment-tokens.repository';
import { COORDINATOR_ID, loadCoordinatorId } from './coordinator-identity.repository';

/** The open database, or null with `--db memory`. */
export const SQL_DATABASE = Symbol('SQL_DATABASE');
/** The held coordinator lease (postgres engine), else null. */
export const COORDINATOR_LEASE = Symbol('COORDINATOR_LEASE');

type Db = Kysely<Database> | null;

@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(
    @Inject(SQL_DATABASE) private readonly db: Db,
    @Inject(COORDINATOR_LEASE) private readonly lease: CoordinatorLease | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.lease?.release().catch(() => undefined);
    await this.db?.destroy();
  }
}

/** Opens the configured database; with the embedded engine, a dead worker ends the process (a restart recovers it). */
function openConfigured(c: CoordinatorConfig): Promise<Db> | null {
  if (c.db === 'memory') return null;
  const log = new Logger('Database');
  return openDatabase({
    engine: c.db,
    dataDir: c.dataDir,
    databaseUrl: c.databaseUrl ?? undefined,
    onEmbeddedLost: (reason) => {
      log.error(`lost the embedded database (${reason.message}); exiting so that a restart recovers it from the data directory ${resolve(c.dataDir)}`);
      process.exit(1);
    },
  });
}

/** Waits (on standby) until this coordinator holds the database's lease, then keeps renewing it. */
async function holdLease(db: Db, c: CoordinatorConfig): Promise<CoordinatorLease | null> {
  if (!db || c.db !== 'postgres') return null;
  const log = new Logger('CoordinatorLease');
  const owner = c.instanceId ?? `${hostname()}:${resolve(c.dataDir)}`;
  const lease = new CoordinatorLease(db, owner, c.leaseSeconds * 1000, (reason) => {
    log.error(`lost the coordinator lease (${reason}); exiting so that only the new holder drives the jobs`);
    process.exit(1);
  });
  await lease.acquire((m) => log.warn(m));
  lease.startRenewing();
  log.log(`active coordinator ${owner} (lease ${c.leaseSeconds} s, renewed every ${(c.leaseSeconds / 3).toFixed(1)} s)`);
  return lease;
}

@Global()
@Module({
  providers: [
    {
      provide: SQL_DATABASE,
      inject: [COORDINATOR_CONFIG],
      useFactory: openConfigured,
    },
    {
      provide: COORDINATOR_LEASE,
      inject: [SQL_DATABASE, COORDINATOR_CONFIG],
      useFactory: holdLease,
    },
    DatabaseCloser,
    {
      provide: MODEL_STORE,
      inject: [SQL_DATABASE, COORDINATOR_CONFIG],
      useFactory: (db: Db, c: CoordinatorConfig) => (db ? new SqlModelStore(db, new BlobStore(c.dataDir)) : new InMemoryModelStore()),
    },
    {
      provide: MODEL_VERSIONS_REPOSITORY,
      inject: [SQL_DATABASE],
      useFactory: (db: Db) => (db ? new SqlModelVersionsRepository(db) : new InMemoryModelVersionsRepository()),
    },
    {
      provide: JOBS_REPOSITORY,
      inject: [SQL_DATABASE, MODEL_VERSIONS_REPOSITORY, COORDINATOR_LEASE],
      useFactory: (db: Db, versions: ModelVersionsRepository, lease: CoordinatorLease | null) =>
        db ? new SqlJobsRepository(db, lease ? (tx) => lease.assertHeld(tx) : null) : new InMemoryJobsRepository(versions),
    },
    {
      provide: CLIENTS_REPOSITORY,
      inject: [SQL_DATABASE],
      useFactory: (db: Db) => (db ? new SqlClientsRepository(db) : new InMemoryClientsRepository()),
    },
    {
      provide: AUDIT_LOG_REPOSITORY,
      inject: [SQL_DATABASE],
      useFactory: (db: Db) => (db ? new SqlAuditLogRepository(db) : new InMemoryAuditLogRepository()),
    },
    {
      // After the lease (postgres): only the active coordinator bootstraps the first admin token.
      provide: API_TOKENS_REPOSITORY,
      inject: [SQL_DATABASE, AUDIT_LOG_REPOSITORY, COORDINATOR_LEASE],
      useFactory: (db: Db, audit: AuditLogRepository) => (db ? new SqlApiTokensRepository(db) : new InMemoryApiTokensRepository(audit)),
    },
    {
      provide: ENROLLMENT_TOKENS_REPOSITORY,
      inject: [SQL_DATABASE],
      useFactory: (db: Db) => (db ? new SqlEnrollmentTokensRepository(db) : new InMemoryEnrollmentTokensRepository()),
    },
    {
      provide: COORDINATOR_ID,
      inject: [SQL_DATABASE],
      useFactory: loadCoordinatorId,
    },
  ],
  exports: [SQL_DATABASE, MODEL_STORE, JOBS_REPOSITORY, MODEL_VERSIONS_REPOSITORY, CLIENTS_REPOSITORY, API_TOKENS_REPOSITORY, AUDIT_LOG_REPOSITORY, ENROLLMENT_TOKENS_REPOSITORY, COORDINATOR_ID],
})
export class PersistenceModule {}
