/**
 * @module metrics/metrics.module
 * Prometheus metrics (README.md "Metrics and logs"): `GET /api/metrics`
 * with a `metrics:read` token, and `--metrics-port` on 127.0.0.1.
 */
import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { HealthModule } from '../health/health.module';
import { RoundsModule } from '../rounds/rounds.module';
import { ServingModule } from '../serving/serving.module';
import { MetricsController } from './metrics.controller';
import { MetricsServer } from './metrics.server';
import { MetricsWiring } from './metrics.wiring';

@Module({
  imports: [ClientsModule, HealthModule, RoundsModule, ServingModule],
  providers: [MetricsWiring, MetricsServer],
  controllers: [MetricsController],
})
export class MetricsModule {}
