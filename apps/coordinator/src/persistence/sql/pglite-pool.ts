/**
 * @module persistence/sql/pglite-pool
 * Lets Kysely's own `PostgresDialect` drive PGlite (Postgres compiled to
 * WebAssembly, one connection per process): a `pg.Pool`-shaped object whose
 * single client is handed out to one borrower at a time, so a transaction
 * (`begin` … `commit` on the borrowed client) never interleaves with another
 * query. Same SQL dialect, compiler and driver as the PostgreSQL engine.
 *
 * PGlite itself runs in a worker thread (`pglite.worker`), so its wasm work
 * never blocks the coordinator's event loop: each query is posted as
 * `{id, sql, params}` and answered with its rows, or with an Error carrying
 * the PostgreSQL fields (`code`, `detail` …). If the worker dies, every
 * pending and later query rejects with the reason, and `onLost` is told once
 * (not after `end()`): the pool never recovers by itself, so its owner
 * decides what a dead database means (the coordinator exits and restarts).
 * The worker holds the process open only while a query is in flight.
 */
import { Worker } from 'node:worker_threads';
import { workerFile } from '../../common/worker-file';
import { WorkerRequests } from '../../common/worker-requests';
import { errorFromData, type FromPGliteWorker, type ToPGliteWorker } from './pglite-messages';

interface PgLikeResult {
  command: string;
  rowCount: number;
  rows: unknown[];
}

interface PgLikeClient {
  query(sql: string, params: readonly unknown[]): Promise<PgLikeResult>;
  release(): void;
}

/** The compiled worker entry (from `dist/` under Jest). */
export function pgliteWorkerFile(): string {
  return workerFile('persistence/sql/pglite.worker.js');
}

export class PGlitePool {
  private readonly waiting: Array<() => void> = [];
  private busy = false;
  private readonly client: PgLikeClient;
  private readonly requests: WorkerRequests<FromPGliteWorker>;
  /** Set once the worker is gone (died, or `end()`): every query rejects with it. */
  private dead: Error | null = null;
  private ending: Promise<void> | null = null;
  private onLost: ((reason: Error) => void) | null = null;

  /**
   * Starts the worker and opens (or creates) the database in `dir`. Once it
   * is open, `onLost` is called once if the worker dies unexpectedly (crash,
   * out of memory, exit), with the reason every query now rejects with; never
   * after `end()`. @throws Error when PGlite cannot open it
   */
  static async open(
    dir: string,
    spawn: () => Worker = () => new Worker(pgliteWorkerFile()),
    onLost?: (reason: Error) => void,
  ): Promise<PGlitePool> {
    const pool = new PGlitePool(spawn());
    try {
      await pool.request((id) => ({ kind: 'open', id, dir }));
    } catch (e) {
      pool.dead ??= e as Error;
      await pool.end().catch(() => undefined);
      throw e; // open() reports this one itself
    }
    pool.onLost = onLost ?? null;
    return pool;
  }

  private constructor(private readonly worker: Worker) {
    this.requests = new WorkerRequests(worker, { refWhileBusy: true });
    worker.on('message', (m: FromPGliteWorker) => this.requests.settle(m, (r) => (r.kind === 'failed' ? errorFromData(r.error) : null)));
    worker.on('error', (e) => this.lost(new Error(`the embedded database worker failed: ${e.message}`)));
    worker.on('exit', (code) => this.lost(new Error(`the embedded database worker exited (code ${code})`)));
    this.client = {
      query: async (sql, params) => {
        const r = await this.request((id) => ({ kind: 'query', id, sql, params: params as unknown[] }));
        if (r.kind !== 'result') throw new Error(`unexpected ${r.kind} answer from the embedded database worker`);
        return { command: sql.trimStart().split(/\s/, 1)[0].toUpperCase(), rowCount: r.affectedRows ?? r.rows.length, rows: r.rows };
      },
      release: () => this.release(),
    };
  }

  /** Resolves once the one connection is free; `release()` hands it on. */
  connect(): Promise<PgLikeClient> {
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve(this.client);
    }
    return new Promise((resolve) => this.waiting.push(() => resolve(this.client)));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.busy = false;
  }

  /** Closes PGlite in the worker (a clean shutdown), then stops the worker. Idempotent. */
  end(): Promise<void> {
    this.ending ??= (async () => {
      const closing = this.dead ? Promise.resolve() : this.request((id) => ({ kind: 'close', id }));
      try {
        await closing;
      } finally {
        this.dead ??= new Error('the embedded database is closed');
        await this.worker.terminate();
      }
    })();
    return this.ending;
  }

  /** Posts the message built with a fresh id; resolves with the worker's answer, rejects with its error. */
  private request(make: (id: number) => ToPGliteWorker): Promise<FromPGliteWorker> {
    if (this.dead) return Promise.reject(this.dead);
    return this.requests.send(make);
  }

  /** The worker is gone: every pending query (and every later one) fails with `e`; unless `end()` stopped it, `onLost` hears of it. */
  private lost(e: Error): void {
    if (this.dead) return; // ended on purpose, or already reported
    this.dead = e;
    this.requests.fail(e);
    if (!this.ending) this.onLost?.(e);
  }
}
