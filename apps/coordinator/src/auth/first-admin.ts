/**
 * @module auth/first-admin
 * At boot, before listening: makes sure an admin can get in.
 *
 * - With `adminToken` (`FL_ADMIN_TOKEN` / `--admin-token`): that token is
 *   stored (its hash) as an admin token if its id is new; a later boot with
 *   the same secret finds it and does nothing (idempotent). A different
 *   secret under an existing id stops the boot; a revoked one is not
 *   revived. Nothing secret is printed.
 * - Without: if no active admin token exists, one is created and printed
 *   ONCE on stdout (`First admin token (shown once, store it now): flt_…`);
 *   later boots find it and print nothing.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { API_TOKENS_REPOSITORY, tokenActive, type ApiTokensRepository } from '../persistence/api-tokens.repository';
import { AuditService } from '../audit/audit.service';
import { hashSecret, newTokenSecret, secretMatches, tokenIdOf } from './token-secret';

export const FIRST_ADMIN_LINE = 'First admin token (shown once, store it now):';

@Injectable()
export class FirstAdmin implements OnApplicationBootstrap {
  private readonly log = new Logger(FirstAdmin.name);

  constructor(
    @Inject(API_TOKENS_REPOSITORY) private readonly tokens: ApiTokensRepository,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.adminToken !== null) await this.ensureConfigured(this.config.adminToken);
    else await this.ensureAnyAdmin();
  }

  private async ensureConfigured(secret: string): Promise<void> {
    const id = tokenIdOf(secret)!; // the config parser checked the format
    const existing = await this.tokens.get(id);
    if (existing) {
      if (!secretMatches(secret, existing.secretHash)) throw new Error(`FL_ADMIN_TOKEN: the token id ${id} already belongs to another token; choose another id`);
      if (existing.role !== 'admin' || !tokenActive(existing, new Date())) this.log.warn(`the configured admin token ${id} is revoked, expired or not an admin token; it is not re-enabled`);
      return;
    }
    await this.create(id, hashSecret(secret), 'admin (FL_ADMIN_TOKEN)', 'config');
    this.log.log(`stored the configured admin token ${id}`);
  }

  private async ensureAnyAdmin(): Promise<void> {
    if ((await this.tokens.countActiveAdmins(new Date())) > 0) return;
    const s = newTokenSecret();
    await this.create(s.id, s.hash, 'first admin', 'generated');
    // Deliberately stdout, whatever the log level, and only this once: it is the only copy of the secret.
    process.stdout.write(`${FIRST_ADMIN_LINE} ${s.secret}\n`);
  }

  private async create(id: string, hash: string, name: string, source: string): Promise<void> {
    const now = new Date();
    await this.tokens.create(
      { id, name, role: 'admin', secretHash: hash, createdAt: now, expiresAt: null, revokedAt: null, lastUsedAt: null, createdBy: null },
      this.audit.entry({ principal: null, action: 'tokens.bootstrap', target: id, result: 'ok', sourceAddress: null, details: { source } }),
    );
  }
}
