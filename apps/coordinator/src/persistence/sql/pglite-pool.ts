/**
 * @module persistence/sql/pglite-pool
 * Lets Kysely's own `PostgresDialect` drive PGlite (Postgres compiled to
 * WebAssembly, one connection per process): a `pg.Pool`-shaped object whose
 * single client is handed out to one borrower at a time, so a transaction
 * (`begin` … `commit` on the borrowed client) never interleaves with another
 * query. Same SQL dialect, compiler and driver as the PostgreSQL engine.
 */
import type { PGlite } from '@electric-sql/pglite';

interface PgLikeResult {
  command: string;
  rowCount: number;
  rows: unknown[];
}

interface PgLikeClient {
  query(sql: string, params: readonly unknown[]): Promise<PgLikeResult>;
  release(): void;
}

export class PGlitePool {
  private readonly waiting: Array<() => void> = [];
  private busy = false;
  private readonly client: PgLikeClient;

  constructor(private readonly db: PGlite) {
    this.client = {
      query: async (sql, params) => {
        const r = await this.db.query(sql, params as unknown[]);
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

  async end(): Promise<void> {
    await this.db.close();
  }
}
