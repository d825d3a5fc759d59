/**
 * @module persistence/sql/testing/test-database
 * A throwaway database per test file, on either engine: PGlite in a temp
 * folder, or a uniquely named database on the local PostgreSQL server
 * (`FL_TEST_POSTGRES_URL`, default postgres://postgres@127.0.0.1:5432/test),
 * dropped afterwards so parallel runs never collide.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Client } from 'pg';
import type { Database } from '../database';
import { openDatabase, type SqlEngine } from '../engine';

export const TEST_POSTGRES_URL = process.env.FL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  engine: SqlEngine;
  dataDir: string;
  /** Connection string of the scratch database (postgres engine). */
  databaseUrl?: string;
  db: Kysely<Database>;
  /** Closes the connection and removes the database and folder. */
  drop(): Promise<void>;
}

/** Creates an empty scratch database on the server; returns its URL and a dropper. */
export async function scratchPostgres(prefix = 'fl_test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`); // name is generated above: [a-z0-9_] only
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: TEST_POSTGRES_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function openTestDatabase(engine: SqlEngine): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fl-store-'));
  const pg = engine === 'postgres' ? await scratchPostgres() : null;
  const db = await openDatabase({ engine, dataDir, databaseUrl: pg?.url });
  return {
    engine,
    dataDir,
    databaseUrl: pg?.url,
    db,
    drop: async () => {
      await db.destroy();
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
