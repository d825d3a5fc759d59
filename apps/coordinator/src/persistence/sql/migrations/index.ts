/**
 * @module persistence/sql/migrations
 * Every migration, in order. Kysely's `Migrator` runs the missing ones at boot
 * (idempotent; a Postgres advisory lock keeps concurrent replicas from running
 * them twice). Add a migration as a new file and a new entry; never edit one
 * that has shipped.
 */
import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial';
import { coordinatorLease } from './0002-coordinator-lease';
import { adminAuth } from './0003-admin-auth';
import { enrollment } from './0004-enrollment';
import { evaluation } from './0005-evaluation';
import { privacyLedger } from './0007-privacy-ledger';
import { clientVersion } from './0008-client-version';

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-coordinator-lease': coordinatorLease,
  '0003-admin-auth': adminAuth,
  '0004-enrollment': enrollment,
  '0005-evaluation': evaluation,
  '0007-privacy-ledger': privacyLedger,
  '0008-client-version': clientVersion,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};
