import { sql } from 'kysely';
import { Client } from 'pg';
import { openTestDatabase, type TestDatabase } from './testing/test-database';

describe('openDatabase (postgres)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase('postgres');
  });
  afterAll(async () => t && (await t.drop()));

  it('survives the server closing its idle connections (restart, failover) and serves the next query', async () => {
    // Prepare: the pool holds an idle connection.
    await sql`select 1`.execute(t.db);

    // Execute: the server terminates every connection to this database.
    const admin = new Client({ connectionString: t.databaseUrl });
    await admin.connect();
    const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    await admin.end();
    await new Promise((r) => setTimeout(r, 200)); // the idle client's 'error' event arrives

    // Assert: the process is still here (an unhandled pool 'error' would have crashed it) and queries work.
    expect(killed.rowCount).toBeGreaterThan(0);
    const r = await sql<{ n: number }>`select 2 as n`.execute(t.db);
    expect(r.rows).toEqual([{ n: 2 }]);
  });
});
