/**
 * @module persistence/sql/coordinator-lease
 * One active coordinator per PostgreSQL database, the others on standby: the
 * active one holds a lease row (owner, expiry in the database's clock) and
 * renews it every third of its length. A coordinator that boots while another
 * holds an unexpired lease waits — it neither listens nor runs jobs — and takes
 * over once the lease expires (its holder died or hangs), resuming the running
 * jobs like any restart. A coordinator restarting under the same instance id
 * takes its own lease back at once.
 *
 * Fencing: every round commit and job save first checks, inside its
 * transaction and under a row lock, that this coordinator still holds the
 * lease (`assertHeld`); a coordinator that lost it (it was frozen past the
 * expiry and a standby took over) can therefore not write a round twice. On
 * losing the lease the coordinator stops (`onLost`: by default the process
 * exits) so the new holder alone drives the jobs.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './database';

const NAME = 'coordinator';

export class LeaseLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeaseLostError';
  }
}

export interface LeaseHolder {
  owner: string;
  expiresAt: Date;
}

export class CoordinatorLease {
  private timer: NodeJS.Timeout | null = null;
  /** Acquired at some point (only a holder can lose the lease). */
  private held = false;
  private lost = false;

  constructor(
    private readonly db: Kysely<Database>,
    readonly owner: string,
    private readonly ttlMs: number,
    private readonly onLost: (reason: string) => void,
  ) {}

  /** Takes the lease if it is free, expired or already ours; otherwise says who holds it. */
  async tryAcquire(): Promise<{ ok: true } | { ok: false; holder: LeaseHolder }> {
    const row = await this.db
      .insertInto('coordinator_lease')
      .values({ name: NAME, owner: this.owner, expires_at: this.expiry() })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ owner: this.owner, expires_at: this.expiry() })
          .where((eb) => eb.or([eb('coordinator_lease.owner', '=', this.owner), eb('coordinator_lease.expires_at', '<', sql<Date>`now()`)])),
      )
      .returning('owner')
      .executeTakeFirst();
    if (row) {
      this.held = true;
      this.lost = false;
      return { ok: true };
    }
    return { ok: false, holder: await this.holder() };
  }

  /** Resolves once this coordinator holds the lease, retrying every third of its length; `say` reports the wait. */
  async acquire(say: (message: string) => void, signal?: AbortSignal): Promise<void> {
    let told = '';
    for (;;) {
      const r = await this.tryAcquire();
      if (r.ok) return;
      if (r.holder.owner !== told) say(`standby: the database is driven by coordinator ${r.holder.owner} (lease until ${r.holder.expiresAt.toISOString()}); taking over when its lease expires`);
      told = r.holder.owner;
      await new Promise((resolve) => setTimeout(resolve, Math.max(200, this.ttlMs / 3)));
      if (signal?.aborted) throw new Error('stopped while waiting for the coordinator lease');
    }
  }

  /** Renews the lease every third of its length; calls `onLost` once if it is gone. */
  startRenewing(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.renew(), Math.max(100, this.ttlMs / 3));
    this.timer.unref();
  }

  async renew(): Promise<boolean> {
    if (this.lost) return false;
    try {
      const r = await this.db
        .updateTable('coordinator_lease')
        .set({ expires_at: this.expiry() })
        .where('name', '=', NAME)
        .where('owner', '=', this.owner)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 1) return true;
      const h = await this.holder();
      this.fail(`coordinator ${h.owner} took over the database`);
    } catch {
      // A database we cannot reach is not a lost lease yet: the next renewal retries; fencing guards the writes.
      return true;
    }
    return false;
  }

  /**
   * Inside a write transaction: throws `LeaseLostError` (aborting it) unless
   * this coordinator still holds an unexpired lease; the row lock orders it
   * against a standby's takeover.
   */
  async assertHeld(tx: Transaction<Database>): Promise<void> {
    const row = await tx
      .selectFrom('coordinator_lease')
      .select(['owner', sql<boolean>`expires_at > now()`.as('live')])
      .where('name', '=', NAME)
      .forUpdate()
      .executeTakeFirst();
    if (row && row.owner === this.owner && row.live) return;
    const reason = row ? (row.owner === this.owner ? 'its lease expired' : `coordinator ${row.owner} took over the database`) : 'no lease is held';
    this.fail(reason);
    throw new LeaseLostError(`this coordinator may no longer write: ${reason}`);
  }

  /** Stops renewing and gives the lease up, so a standby takes over at once. */
  async release(): Promise<void> {
    this.stop();
    await this.db.deleteFrom('coordinator_lease').where('name', '=', NAME).where('owner', '=', this.owner).execute();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async holder(): Promise<LeaseHolder> {
    const row = await this.db.selectFrom('coordinator_lease').select(['owner', 'expires_at']).where('name', '=', NAME).executeTakeFirst();
    return row ? { owner: row.owner, expiresAt: row.expires_at } : { owner: '(none)', expiresAt: new Date(0) };
  }

  private fail(reason: string): void {
    if (this.lost || !this.held) return;
    this.lost = true;
    this.stop();
    this.onLost(reason);
  }

  private expiry() {
    return sql<Date>`now() + ${this.ttlMs} * interval '1 millisecond'`;
  }
}
