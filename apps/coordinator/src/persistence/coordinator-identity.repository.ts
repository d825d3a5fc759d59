/**
 * @module persistence/coordinator-identity.repository
 * This coordinator's stable random id, which every client authentication
 * signature covers (docs/enrollment.md): a signature made for coordinator A
 * is worthless at coordinator B. Kept in the database, so a restarted
 * coordinator (or a standby on the same database) keeps it.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './sql/database';

export const COORDINATOR_ID = Symbol('COORDINATOR_ID');

/** A fresh random coordinator id (128 bits). */
export function newCoordinatorId(): string {
  return `co_${randomBytes(16).toString('hex')}`;
}

/** The stored coordinator id, created on first use (concurrent first boots agree on one). */
export async function loadCoordinatorId(db: Kysely<Database> | null): Promise<string> {
  if (!db) return newCoordinatorId();
  await db
    .insertInto('coordinator_identity')
    .values({ id: 1, coordinator_id: newCoordinatorId() })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const row = await db.selectFrom('coordinator_identity').select('coordinator_id').where('id', '=', 1).executeTakeFirstOrThrow();
  return row.coordinator_id;
}
