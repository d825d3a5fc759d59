/**
 * @module persistence/api-tokens.repository
 * Storage of admin API tokens and of the dashboard sessions opened with them.
 * Only SHA-256 hashes of secrets are stored. Creating and revoking a token
 * write their audit entry in the same transaction as the change, and a
 * revocation that would leave no active admin token is refused inside that
 * transaction (so two concurrent revocations cannot both pass the check).
 */
import type { Role } from '@fl/protocol';
import type { NewAuditEntry } from './audit-log.repository';

export const API_TOKENS_REPOSITORY = Symbol('API_TOKENS_REPOSITORY');

export interface StoredApiToken {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** SHA-256 (hex) of the whole secret. */
  readonly secretHash: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  readonly lastUsedAt: Date | null;
  readonly createdBy: string | null;
}

export interface StoredSession {
  /** SHA-256 (hex) of the session id held in the cookie. */
  readonly idHash: string;
  readonly tokenId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export type RevokeOutcome = 'revoked' | 'not_found' | 'already_revoked' | 'last_admin';

/** Active at `at`: not revoked and not expired. */
export function tokenActive(t: StoredApiToken, at: Date): boolean {
  return t.revokedAt === null && (t.expiresAt === null || t.expiresAt.getTime() > at.getTime());
}

export interface ApiTokensRepository {
  get(id: string): Promise<StoredApiToken | undefined>;
  /** Every token, oldest first. */
  list(): Promise<StoredApiToken[]>;
  /** Inserts a new token (and its audit entry, same transaction). @throws if the id exists */
  create(token: StoredApiToken, audit?: NewAuditEntry): Promise<void>;
  /**
   * Revokes a token and ends its sessions, writing `audit` in the same
   * transaction; refused (`last_admin`) when it is the last active admin token.
   */
  revoke(id: string, at: Date, audit?: NewAuditEntry): Promise<RevokeOutcome>;
  countActiveAdmins(at: Date): Promise<number>;
  touch(id: string, at: Date): Promise<void>;
  /** Stores a session and drops every expired one. */
  createSession(s: StoredSession): Promise<void>;
  getSession(idHash: string): Promise<StoredSession | undefined>;
  deleteSession(idHash: string): Promise<void>;
}
