/**
 * @module metrics/metrics-core.module
 * Global: the app's {@link CoordinatorMetrics} (one registry per app) and
 * {@link SocketTraffic}, injectable wherever a counter is incremented
 * (bulk channel, socket exception filter, serving, client sockets) without
 * those modules importing the metrics module (which imports them).
 */
import { Global, Module } from '@nestjs/common';
import { CoordinatorMetrics } from './coordinator-metrics';
import { SocketTraffic } from './socket-traffic';

@Global()
@Module({
  providers: [{ provide: CoordinatorMetrics, useFactory: () => new CoordinatorMetrics() }, SocketTraffic],
  exports: [CoordinatorMetrics, SocketTraffic],
})
export class MetricsCoreModule {}
