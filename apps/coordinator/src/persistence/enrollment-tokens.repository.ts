/**
 * @module persistence/enrollment-tokens.repository
 * Storage of enrollment tokens (docs/enrollment.md): only a SHA-256 hash of
 * each secret. {@link EnrollmentTokensRepository.consume} takes one use
 * atomically (a conditional update), so concurrent enrollments with a
 * single-use token have exactly one winner. One contract spec
 * (`enrollment-tokens.repository.contract.ts`) runs against every engine.
 */
export const ENROLLMENT_TOKENS_REPOSITORY = Symbol('ENROLLMENT_TOKENS_REPOSITORY');

export interface EnrollmentTokenRecord {
  readonly id: string;
  /** SHA-256 (hex) of the whole secret. */
  readonly secretHash: string;
  readonly label: string;
  readonly maxUses: number;
  readonly uses: number;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly revokedAt: Date | null;
  readonly dataset: string | null;
  readonly clientName: string | null;
  readonly maxExamples: number;
  readonly createdBy: string | null;
}

/** Why {@link EnrollmentTokensRepository.consume} took no use. */
export type ConsumeRefusal = 'unknown' | 'revoked' | 'expired' | 'used';

export type ConsumeResult = { ok: true; token: EnrollmentTokenRecord } | { ok: false; why: ConsumeRefusal };

export interface EnrollmentTokensRepository {
  create(token: EnrollmentTokenRecord): Promise<void>;
  get(id: string): Promise<EnrollmentTokenRecord | undefined>;
  /** Newest first. */
  list(): Promise<EnrollmentTokenRecord[]>;
  /** Marks it revoked at `at` (if it was not already); the token after, or undefined when unknown. */
  revoke(id: string, at: Date): Promise<EnrollmentTokenRecord | undefined>;
  /** Takes one use if the token exists, is not revoked, has not expired at `now` and has uses left: atomically. */
  consume(id: string, now: Date): Promise<ConsumeResult>;
}

/** Why a token that took no use was refused, from its current state. */
export function refusalOf(t: EnrollmentTokenRecord | undefined, now: Date): ConsumeRefusal {
  if (!t) return 'unknown';
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'used';
}
