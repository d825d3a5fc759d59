/**
 * @module metrics/metrics.server
 * `--metrics-port`: a plain HTTP listener on 127.0.0.1 only that answers
 * `GET /metrics` with the exposition text and no credential, for a
 * Prometheus agent on the same host (anything else: 404). Off by default
 * (-1); 0 picks an ephemeral port. Binding only the loopback interface is
 * what makes skipping authentication acceptable: remote scrapers use
 * `GET /api/metrics` with a viewer token. A port that cannot be bound stops
 * the boot.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator-config';
import { CoordinatorMetrics } from './coordinator-metrics';

export const METRICS_HOST = '127.0.0.1';

@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(MetricsServer.name);
  private server: Server | null = null;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: Pick<CoordinatorConfig, 'metricsPort'>,
    private readonly metrics: CoordinatorMetrics,
  ) {}

  /** Where it listens; null when off. */
  address(): AddressInfo | null {
    return (this.server?.address() as AddressInfo | null) ?? null;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.metricsPort < 0) return;
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'GET' || path !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
        return;
      }
      this.metrics.text().then(
        (text) => res.writeHead(200, { 'content-type': this.metrics.contentType, 'cache-control': 'no-store' }).end(text),
        (e: Error) => {
          this.logger.error(`collecting metrics failed: ${e.stack ?? e.message}`);
          res.writeHead(500, { 'content-type': 'text/plain' }).end('collecting metrics failed\n');
        },
      );
    });
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e) => reject(new Error(`metrics listener could not bind ${METRICS_HOST}:${this.config.metricsPort}: ${e.message} (choose another --metrics-port, or -1 for none)`)));
      server.listen(this.config.metricsPort, METRICS_HOST, () => resolve());
    });
    this.server = server;
    this.logger.log(`metrics (no token, this host only) on http://${METRICS_HOST}:${this.address()!.port}/metrics`);
  }

  async onModuleDestroy(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
