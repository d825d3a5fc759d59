/**
 * @module gateway/admin.gateway
 * Dashboard live updates on the `/admin` namespace: `admin:job` on every
 * job change — phase change, accepted update, end — and `admin:clients` on
 * registry changes. A new subscriber gets the current state at once.
 * `admin:evaluation` when a centralized evaluation is recorded after its
 * round. `admin:job` carries the job's summary and latest attempt, not its history
 * (@fl/protocol messages/admin, job-updates: followers read the history
 * over REST when its counters move). To keep the round hot path lean,
 * nothing is serialized while no dashboard is connected, and bursts are
 * throttled (gateway/coalescer: leading + trailing edge, the trailing send
 * being the newest change's) to one event per `COALESCE_MS` per job and for
 * the client list; every event carries the current state of what it
 * covers, so throttling loses no information, and an isolated change is
 * sent at once.
 * Only callers holding `jobs:read` connect (auth/admin-socket-auth: the
 * handshake's `auth.token` or the dashboard session cookie); revoking the
 * token disconnects them.
 */
import { Inject, OnModuleDestroy, UseFilters } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import type { Subscription } from 'rxjs';
import { ADMIN_NAMESPACE, Events, jobUpdate, type AdminServerToClientEvents } from '@fl/protocol';
import { WsExceptionFilter } from '../common/filters/ws-exception.filter';
import { ClientsService } from '../clients/clients.service';
import { JobEventsService } from '../rounds/job-events.service';
import { toJobView, type JobRecord } from '../persistence/job-record';
import { JOBS_REPOSITORY, type JobsRepository } from '../persistence/jobs.repository';
import { AdminSocketAuth } from '../auth/admin-socket-auth';
import { CentralEvaluationService } from '../evaluation/central-evaluation.service';
import { Coalescer } from './coalescer';

/**
 * 200 ms: five updates a second are plenty for a dashboard (when every event
 * still serialized the whole JobView, 25 ms cost 0.1–0.2 CPU-s per 50-client
 * round with one dashboard or `bench`'s watcher).
 */
export const COALESCE_MS = 200;

@WebSocketGateway({ namespace: ADMIN_NAMESPACE })
@UseFilters(WsExceptionFilter)
export class AdminGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  @WebSocketServer() private readonly ns!: Namespace<Record<string, never>, AdminServerToClientEvents>;
  private readonly subs: Subscription[] = [];
  private readonly coalescer = new Coalescer(COALESCE_MS);
  /** Per job, the attempt (`round/attempt`) its last event was about. */
  private readonly sentAttempt = new Map<string, string>();

  constructor(
    private readonly events: JobEventsService,
    private readonly clients: ClientsService,
    @Inject(JOBS_REPOSITORY) private readonly jobs: JobsRepository,
    private readonly auth: AdminSocketAuth,
    private readonly evaluations: CentralEvaluationService,
  ) {}

  afterInit(): void {
    this.auth.protect(this.ns, 'jobs:read');
    this.subs.push(this.events.changes$.subscribe((job) => this.queueJob(job)));
    this.subs.push(this.clients.changes$.subscribe(() => this.queueClients()));
    // Once per evaluated round: no coalescing needed.
    this.subs.push(this.evaluations.recorded$.subscribe((e) => this.watched && this.ns.emit(Events.AdminEvaluation, e)));
  }

  async handleConnection(socket: Socket): Promise<void> {
    socket.emit(Events.AdminClients, { clients: this.clients.list() });
    for (const job of await this.jobs.list()) socket.emit(Events.AdminJob, jobUpdate(toJobView(job)));
  }

  private get watched(): boolean {
    return this.ns.sockets.size > 0;
  }

  private queueJob(job: JobRecord): void {
    if (!this.watched) return;
    this.coalescer.request(`job:${job.id}`, () => {
      const view = toJobView(job);
      const latest = view.rounds.at(-1);
      const key = latest ? `${latest.round}/${latest.attempt}` : null;
      // A new attempt's first event carries the one that just ended (@fl/protocol job-updates).
      const isNew = key !== null && this.sentAttempt.get(job.id) !== key;
      if (isNew) this.sentAttempt.set(job.id, key);
      this.ns.emit(Events.AdminJob, jobUpdate(view, isNew));
    });
  }

  private queueClients(): void {
    if (this.watched) this.coalescer.request('clients', () => this.ns.emit(Events.AdminClients, { clients: this.clients.list() }));
  }

  onModuleDestroy(): void {
    for (const s of this.subs) s.unsubscribe();
    this.coalescer.close();
  }
}
