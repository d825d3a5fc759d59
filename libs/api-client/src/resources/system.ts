/**
 * @module resources/system
 * `/api/health` (public: liveness, counters, event-loop delay, bulk channel)
 * and `/api/audit` (who did what, newest first, paged by cursor).
 */
import type { AuditPage } from '@fl/protocol';
import type { Http } from '../http';
import type { AuditQuery, HealthView } from '../types';

export class SystemApi {
  constructor(private readonly http: Http) {}

  /** `GET /api/health`. */
  health(): Promise<HealthView> {
    return this.http.json('GET', '/health');
  }

  /** `POST /api/health/event-loop/reset`: restarts the event-loop delay window (benchmarks). */
  resetEventLoop(): Promise<void> {
    return this.http.empty('POST', '/health/event-loop/reset');
  }

  /** `GET /api/audit?limit=&before=&actor=&action=`: one page; pass `next` as `before` for the next. */
  audit(q: AuditQuery = {}): Promise<AuditPage> {
    return this.http.json('GET', '/audit', undefined, { limit: q.limit, before: q.before, actor: q.actor, action: q.action });
  }
}
