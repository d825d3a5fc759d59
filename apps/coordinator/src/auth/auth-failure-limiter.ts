/**
 * @module auth/auth-failure-limiter
 * Counts failed authentications per source address in fixed one-minute
 * windows, on the coordinator's one per-address limiter
 * ({@link AddressWindowCounter}: a hard cap on tracked addresses, so memory
 * is bounded whatever the number of attacking addresses). An address at
 * `authFailuresPerMinute` failures gets 429 on every guarded route and on the
 * admin socket until its window ends; other addresses are served as usual.
 * The first time an address hits the limit in a window an
 * `auth.rate_limited` audit entry is written (refused authentications are
 * otherwise only counted, so an attacker cannot flood the audit log).
 */
import { Inject, Injectable } from '@nestjs/common';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { AuditService } from '../audit/audit.service';
import { AddressWindowCounter } from '../common/address-window-counter';

export const AUTH_FAILURE_WINDOW_MS = 60_000;

@Injectable()
export class AuthFailureLimiter {
  private readonly counter: AddressWindowCounter;
  /** Refused authentications since start (all addresses). */
  failures = 0;

  constructor(
    @Inject(COORDINATOR_CONFIG) config: CoordinatorConfig,
    private readonly audit: AuditService,
  ) {
    this.counter = new AddressWindowCounter(config.authFailuresPerMinute, AUTH_FAILURE_WINDOW_MS);
  }

  async blocked(address: string | null): Promise<boolean> {
    return this.counter.blocked(address ?? 'unknown');
  }

  async fail(address: string | null, reason: string): Promise<void> {
    this.failures++;
    const failures = this.counter.hit(address ?? 'unknown');
    if (failures === this.counter.limit)
      await this.audit.record({ principal: null, action: 'auth.rate_limited', target: null, result: '429', sourceAddress: address, details: { failures, windowSeconds: AUTH_FAILURE_WINDOW_MS / 1000, lastReason: reason } });
  }
}
