/**
 * @module auth/auth-failure-limiter
 * Counts failed authentications per source address in fixed one-minute
 * windows (express-rate-limit's MemoryStore: two maps swapped every window,
 * so memory is bounded by the addresses seen in the last two minutes). An
 * address at `authFailuresPerMinute` failures gets 429 on every guarded
 * route and on the admin socket until its window ends; other addresses are
 * served as usual. The first time an address hits the limit in a window an
 * `auth.rate_limited` audit entry is written (refused authentications are
 * otherwise only counted, so an attacker cannot flood the audit log).
 */
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { MemoryStore, type Options } from 'express-rate-limit';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { AuditService } from '../audit/audit.service';

export const AUTH_FAILURE_WINDOW_MS = 60_000;

@Injectable()
export class AuthFailureLimiter implements OnModuleDestroy {
  private readonly store = new MemoryStore();
  /** Refused authentications since start (all addresses). */
  failures = 0;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    private readonly audit: AuditService,
  ) {
    this.store.init({ windowMs: AUTH_FAILURE_WINDOW_MS } as Options);
  }

  async blocked(address: string | null): Promise<boolean> {
    return ((await this.store.get(address ?? 'unknown'))?.totalHits ?? 0) >= this.config.authFailuresPerMinute;
  }

  async fail(address: string | null, reason: string): Promise<void> {
    this.failures++;
    const { totalHits } = await this.store.increment(address ?? 'unknown');
    if (totalHits === this.config.authFailuresPerMinute)
      await this.audit.record({ principal: null, action: 'auth.rate_limited', target: null, result: '429', sourceAddress: address, details: { failures: totalHits, windowSeconds: AUTH_FAILURE_WINDOW_MS / 1000, lastReason: reason } });
  }

  onModuleDestroy(): void {
    this.store.shutdown();
  }
}
