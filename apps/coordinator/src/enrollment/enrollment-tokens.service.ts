/**
 * @module enrollment/enrollment-tokens.service
 * Enrollment tokens (docs/enrollment.md): admins create, list and revoke
 * them; a client redeems one, once per use, to enroll. Redeeming checks, in
 * this order: the secret's shape and id, its hash (constant time), revoked,
 * expired, the dataset / client-name binding, then takes one use atomically
 * in storage (`EnrollmentTokensRepository.consume`), so concurrent
 * enrollments with a single-use token have exactly one winner. Refusals:
 * `ENROLLMENT_REFUSED` (unknown, wrong secret, revoked, binding),
 * `TOKEN_EXPIRED`, `TOKEN_USED`.
 */
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { ErrorCode, enrollmentTokenId, type CreateEnrollmentTokenRequest, type CreatedEnrollmentToken, type EnrollmentTokenView } from '@fl/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { ProtocolException } from '../common/errors/protocol.exception';
import { ENROLLMENT_TOKENS_REPOSITORY, type EnrollmentTokenRecord, type EnrollmentTokensRepository } from '../persistence/enrollment-tokens.repository';
import { newTokenSecret, secretMatches } from './token-secret';

/** Default lifetime of a token: 24 h. */
export const DEFAULT_TOKEN_TTL_S = 86_400;

export function toTokenView(t: EnrollmentTokenRecord): EnrollmentTokenView {
  return {
    id: t.id,
    label: t.label,
    maxUses: t.maxUses,
    uses: t.uses,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt.toISOString(),
    revokedAt: t.revokedAt ? t.revokedAt.toISOString() : null,
    dataset: t.dataset,
    clientName: t.clientName,
    maxExamples: t.maxExamples,
    createdBy: t.createdBy,
  };
}

/** What the enrolling client declares; a token bound to a dataset or name must match it. */
export interface Enrollee {
  name: string;
  dataset: string;
}

@Injectable()
export class EnrollmentTokensService {
  constructor(
    @Inject(ENROLLMENT_TOKENS_REPOSITORY) private readonly repo: EnrollmentTokensRepository,
    @Inject(COORDINATOR_CONFIG) private readonly config: Pick<CoordinatorConfig, 'maxExamplesPerClient'>,
  ) {}

  /** The clock (tests move it). */
  now: () => Date = () => new Date();

  /** Creates a token; the reply is the only place its secret ever appears. `createdBy`: the admin token id, when known. */
  async create(req: CreateEnrollmentTokenRequest, createdBy: string | null = null): Promise<CreatedEnrollmentToken> {
    const { id, secret, secretHash } = newTokenSecret();
    const createdAt = this.now();
    const record: EnrollmentTokenRecord = {
      id,
      secretHash,
      label: req.label ?? '',
      maxUses: req.maxUses ?? 1,
      uses: 0,
      createdAt,
      expiresAt: new Date(createdAt.getTime() + (req.expiresInSeconds ?? DEFAULT_TOKEN_TTL_S) * 1000),
      revokedAt: null,
      dataset: req.dataset ?? null,
      clientName: req.clientName ?? null,
      maxExamples: req.maxExamples ?? this.config.maxExamplesPerClient,
      createdBy,
    };
    await this.repo.create(record);
    return { ...toTokenView(record), secret };
  }

  async list(): Promise<EnrollmentTokenView[]> {
    return (await this.repo.list()).map(toTokenView);
  }

  /** Revokes it (idempotent): no further enrollment; clients already enrolled with it stay (revoke them one by one). @throws NotFoundException */
  async revoke(id: string): Promise<EnrollmentTokenView> {
    const t = await this.repo.revoke(id, this.now());
    if (!t) throw new NotFoundException(`no enrollment token ${id}`);
    return toTokenView(t);
  }

  /** Is `secret` the secret of an existing token (whatever its state)? For a repeated enrollment, which takes no use. */
  async knows(secret: string): Promise<boolean> {
    const id = enrollmentTokenId(secret);
    const t = id ? await this.repo.get(id) : undefined;
    return !!t && secretMatches(t.secretHash, secret);
  }

  /**
   * Takes one use of the token `secret` for `who`.
   * @returns the token after the use (its `maxExamples` caps the client)
   * @throws ProtocolException ENROLLMENT_REFUSED | TOKEN_EXPIRED | TOKEN_USED
   */
  async redeem(secret: string, who: Enrollee): Promise<EnrollmentTokenRecord> {
    const id = enrollmentTokenId(secret);
    const t = id ? await this.repo.get(id) : undefined;
    if (!t || !secretMatches(t.secretHash, secret)) throw new ProtocolException(ErrorCode.EnrollmentRefused, 'unknown enrollment token');
    const now = this.now();
    this.check(t, now, who);
    const r = await this.repo.consume(t.id, now);
    if (r.ok) return r.token;
    const after = await this.repo.get(t.id);
    if (after) this.check(after, now, who);
    throw new ProtocolException(ErrorCode.TokenUsed, `enrollment token ${t.id} has no uses left`);
  }

  private check(t: EnrollmentTokenRecord, now: Date, who: Enrollee): void {
    if (t.revokedAt) throw new ProtocolException(ErrorCode.EnrollmentRefused, `enrollment token ${t.id} was revoked`);
    if (t.expiresAt.getTime() <= now.getTime()) throw new ProtocolException(ErrorCode.TokenExpired, `enrollment token ${t.id} expired at ${t.expiresAt.toISOString()}`);
    if (t.uses >= t.maxUses) throw new ProtocolException(ErrorCode.TokenUsed, `enrollment token ${t.id} has no uses left (${t.uses} of ${t.maxUses})`);
    if (t.dataset !== null && t.dataset !== who.dataset)
      throw new ProtocolException(ErrorCode.EnrollmentRefused, `enrollment token ${t.id} is for dataset "${t.dataset}", not "${who.dataset.slice(0, 128)}"`);
    if (t.clientName !== null && t.clientName !== who.name)
      throw new ProtocolException(ErrorCode.EnrollmentRefused, `enrollment token ${t.id} is for client "${t.clientName}", not "${who.name.slice(0, 128)}"`);
  }
}
