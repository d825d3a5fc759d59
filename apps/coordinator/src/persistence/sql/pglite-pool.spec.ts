import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGlitePool } from './pglite-pool';
import { sourceWorker } from '../../common/testing/source-worker';

/** A stand-in worker that opens, then dies on its first query (or close). */
const DIES_ON_QUERY = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => (m.kind === 'open' ? parentPort.postMessage({ kind: 'opened', id: m.id }) : process.exit(3)));
`;
/** A stand-in worker that opens, then throws on its first query: an 'error' event, then an 'exit' one. */
const THROWS_ON_QUERY = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => { if (m.kind !== 'open') throw new Error('boom'); parentPort.postMessage({ kind: 'opened', id: m.id }); });
`;
/** A stand-in worker that opens and closes cleanly. */
const OPENS_AND_CLOSES = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => parentPort.postMessage({ kind: m.kind === 'open' ? 'opened' : 'closed', id: m.id }));
`;

describe(PGlitePool.name, () => {
  let dir: string;
  let worker: Worker;
  let pool: PGlitePool;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fl-pglite-pool-'));
    pool = await PGlitePool.open(dir, () => (worker = new Worker(sourceWorker('persistence/sql/pglite.worker.ts'))));
    const c = await pool.connect();
    await c.query('create table t (id int primary key, b bytea, at timestamptz, j jsonb, n int8, s text)', []);
    c.release();
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs queries in the worker; parameters and rows keep their types across the thread boundary', async () => {
    // Prepare
    const at = new Date('2026-01-02T03:04:05.678Z');
    const c = await pool.connect();
    // Execute
    const ins = await c.query('insert into t (id, b, at, j, n, s) values ($1, $2, $3, $4, $5, $6), ($7, $8, $9, $10, $11, $12)', [
      1, Buffer.from([1, 2, 3]), at, JSON.stringify({ a: [1, 'x'], b: null }), 5n, 'é',
      2, Uint8Array.from([255, 0]), at, 'null', 2n ** 40n, null,
    ]);
    const sel = await c.query('select * from t order by id', []);
    c.release();
    // Assert
    expect(ins).toEqual({ command: 'INSERT', rowCount: 2, rows: [] });
    expect(sel.command).toBe('SELECT');
    // toEqual compares types too (a Date is not its ISO string, a Uint8Array not an array).
    const [r1, r2] = sel.rows as Array<Record<string, unknown>>;
    expect(r1).toEqual({ id: 1, b: Uint8Array.from([1, 2, 3]), at, j: { a: [1, 'x'], b: null }, n: 5, s: 'é' });
    expect(r2).toEqual({ id: 2, b: Uint8Array.from([255, 0]), at, j: null, n: 2 ** 40, s: null });
  });

  it('hands its one client to one borrower at a time, so a transaction never interleaves with other queries', async () => {
    // Prepare
    const db = new Kysely<{ t: { id: number; s: string | null } }>({ dialect: new PostgresDialect({ pool: pool as never }) });
    const seen: string[] = [];
    // Execute: a transaction that pauses between its statements, and a plain query issued meanwhile.
    const tx = db.transaction().execute(async (trx) => {
      await trx.insertInto('t').values({ id: 10, s: 'tx' }).execute();
      seen.push('tx: inserted');
      await new Promise((r) => setTimeout(r, 50));
      await trx.updateTable('t').set({ s: 'tx-done' }).where('id', '=', 10).execute();
      seen.push('tx: updated');
    });
    const outside = (async () => {
      await new Promise((r) => setTimeout(r, 10));
      const r = await db.selectFrom('t').select('s').where('id', '=', 10).executeTakeFirst();
      seen.push(`outside: ${r?.s}`);
    })();
    await Promise.all([tx, outside]);
    // Assert: the outside query waited for the commit and saw its result.
    expect(seen).toEqual(['tx: inserted', 'tx: updated', 'outside: tx-done']);
    const failed = db.transaction().execute(async (trx) => {
      await trx.insertInto('t').values({ id: 11, s: 'rolled back' }).execute();
      await sql`select 1/0`.execute(trx);
    });
    await expect(failed).rejects.toMatchObject({ code: '22012' });
    expect(await db.selectFrom('t').select('id').where('id', '=', 11).execute()).toEqual([]);
  });

  it('rejects with an Error that keeps the PostgreSQL fields (code, detail, constraint)', async () => {
    const c = await pool.connect();
    try {
      const e = await c.query('insert into t (id) values ($1)', [1]).then(() => null, (err: unknown) => err);
      expect(e).toBeInstanceOf(Error);
      expect(e).toMatchObject({ code: '23505', constraint: 't_pkey', detail: 'Key (id)=(1) already exists.', table: 't', severity: 'ERROR', message: 'duplicate key value violates unique constraint "t_pkey"' });
      // The connection is still usable.
      expect((await c.query('select count(*)::int as n from t where id = 1', [])).rows).toEqual([{ n: 1 }]);
    } finally {
      c.release();
    }
  });

  it('rejects a parameter that cannot cross to the worker, and keeps working', async () => {
    const c = await pool.connect();
    try {
      await expect(c.query('select $1::text', [() => 1])).rejects.toThrow(/could not be cloned/);
      expect((await c.query('select $1::text as v', ['ok'])).rows).toEqual([{ v: 'ok' }]);
    } finally {
      c.release();
    }
  });

  it('fails the pending query and every later one clearly when the worker dies, and tells onLost once', async () => {
    // Prepare
    const onLost = jest.fn();
    const dying = await PGlitePool.open(dir, () => new Worker(DIES_ON_QUERY, { eval: true }), onLost);
    const c = await dying.connect();
    // Execute / Assert
    await expect(c.query('select 1', [])).rejects.toThrow('the embedded database worker exited (code 3)');
    await expect(c.query('select 1', [])).rejects.toThrow('the embedded database worker exited (code 3)');
    expect(onLost).toHaveBeenCalledTimes(1);
    expect(onLost).toHaveBeenCalledWith(expect.objectContaining({ message: 'the embedded database worker exited (code 3)' }));
    await dying.end();
    expect(onLost).toHaveBeenCalledTimes(1);
  });

  it('tells onLost once when the worker crashes (an error, then an exit)', async () => {
    // Prepare
    const onLost = jest.fn();
    let w!: Worker;
    const crashing = await PGlitePool.open(dir, () => (w = new Worker(THROWS_ON_QUERY, { eval: true })), onLost);
    const exited = new Promise((resolve) => w.once('exit', resolve));
    const c = await crashing.connect();
    // Execute
    await expect(c.query('select 1', [])).rejects.toThrow('the embedded database worker failed: boom');
    await exited;
    // Assert
    expect(onLost).toHaveBeenCalledTimes(1);
    expect(onLost).toHaveBeenCalledWith(expect.objectContaining({ message: 'the embedded database worker failed: boom' }));
    await crashing.end();
  });

  it('does not tell onLost when end() stops the worker, nor when it dies while closing or opening', async () => {
    // Prepare
    const onLost = jest.fn();
    let w!: Worker;
    const clean = await PGlitePool.open(dir, () => (w = new Worker(OPENS_AND_CLOSES, { eval: true })), onLost);
    const exited = new Promise((resolve) => w.once('exit', resolve));
    const dyingOnClose = await PGlitePool.open(dir, () => new Worker(DIES_ON_QUERY, { eval: true }), onLost);
    // Execute
    await clean.end();
    await exited;
    await expect(dyingOnClose.end()).rejects.toThrow('the embedded database worker exited (code 3)');
    const neverOpened = PGlitePool.open(dir, () => new Worker('process.exit(4)', { eval: true }), onLost);
    // Assert
    await expect(neverOpened).rejects.toThrow('the embedded database worker exited (code 4)');
    expect(onLost).not.toHaveBeenCalled();
  });

  it('rejects open() with the reason when PGlite cannot open the folder', async () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    await expect(PGlitePool.open(file)).rejects.toThrow(`cannot open the embedded database in ${file}: ErrnoError`);
  }, 60_000);

  it('end() closes PGlite in the worker and stops it; the database reopens with its data', async () => {
    // Execute
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    await pool.end();
    await pool.end();
    // Assert
    await exited;
    const c = await pool.connect();
    await expect(c.query('select 1', [])).rejects.toThrow('the embedded database is closed');
    c.release();
    pool = await PGlitePool.open(dir);
    const again = await pool.connect();
    expect((await again.query('select s from t where id = 10', [])).rows).toEqual([{ s: 'tx-done' }]);
    again.release();
  }, 60_000);
});
