/**
 * @module metrics/metrics.wiring
 * Connects {@link CoordinatorMetrics} to the running app: the gauges read
 * the client registry, the event-loop monitor (health/event-loop.monitor),
 * the serving queue and the socket byte counts at scrape time, and round
 * changes flow through {@link RoundObserver}.
 */
import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { ClientsService } from '../clients/clients.service';
import { EventLoopMonitor } from '../health/event-loop.monitor';
import { JobEventsService } from '../rounds/job-events.service';
import { ServingService } from '../serving/serving.service';
import { CoordinatorMetrics } from './coordinator-metrics';
import { RoundObserver } from './round-observer';
import { SocketTraffic } from './socket-traffic';

@Injectable()
export class MetricsWiring implements OnModuleInit, OnModuleDestroy {
  private subscription: Subscription | null = null;

  constructor(
    private readonly metrics: CoordinatorMetrics,
    private readonly clients: ClientsService,
    private readonly loop: EventLoopMonitor,
    private readonly serving: ServingService,
    private readonly traffic: SocketTraffic,
    private readonly events: JobEventsService,
  ) {}

  onModuleInit(): void {
    this.metrics.readFrom({
      connectedClients: () => this.clients.list().filter((c) => c.connected).length,
      enrolledClients: () => {
        const by: Record<string, number> = {};
        for (const c of this.clients.list()) by[c.status] = (by[c.status] ?? 0) + 1;
        return by;
      },
      socketBytes: () => this.traffic.totals(),
      eventLoopDelay: () => this.loop.snapshot(),
      predictQueueDepth: () => this.serving.queued,
    });
    const rounds = new RoundObserver(this.metrics);
    this.subscription = this.events.changes$.subscribe((job) => rounds.changed(job));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
