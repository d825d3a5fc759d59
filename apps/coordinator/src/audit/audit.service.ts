/**
 * @module audit/audit.service
 * Writes and reads the audit log (docs/security.md). `entry` builds an entry
 * for a repository that writes it inside its own transaction; `record`
 * appends one on its own, awaited before the reply is sent and retried once
 * (a failure to audit is logged as an error, never with secrets).
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuditPage } from '@fl/protocol';
import { AUDIT_LOG_REPOSITORY, type AuditLogRepository, type AuditQuery, type NewAuditEntry } from '../persistence/audit-log.repository';
import type { Principal } from '../auth/principal';

export interface AuditFacts {
  principal: Pick<Principal, 'tokenId' | 'name'> | null;
  action: string;
  target: string | null;
  result: string;
  sourceAddress: string | null;
  details?: Record<string, unknown> | null;
}

@Injectable()
export class AuditService {
  private readonly log = new Logger(AuditService.name);

  constructor(@Inject(AUDIT_LOG_REPOSITORY) private readonly repo: AuditLogRepository) {}

  entry(f: AuditFacts): NewAuditEntry {
    return {
      at: new Date(),
      actorTokenId: f.principal?.tokenId ?? null,
      actorName: f.principal?.name ?? null,
      action: f.action,
      target: f.target,
      result: f.result,
      sourceAddress: f.sourceAddress,
      details: f.details ?? null,
    };
  }

  async record(f: AuditFacts): Promise<void> {
    const e = this.entry(f);
    try {
      await this.repo.append(e);
    } catch (first) {
      try {
        await this.repo.append(e);
      } catch (e2) {
        this.log.error(`could not write the audit entry ${f.action} (${f.result}) by ${f.principal?.tokenId ?? 'nobody'}: ${(e2 as Error).message} (first try: ${(first as Error).message})`);
      }
    }
  }

  page(q: AuditQuery): Promise<AuditPage> {
    return this.repo.page(q);
  }
}
