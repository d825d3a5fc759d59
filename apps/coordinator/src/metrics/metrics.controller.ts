/**
 * @module metrics/metrics.controller
 * `GET /api/metrics`: the Prometheus exposition text on the main port, for
 * any token holding `metrics:read` (viewer and above). The same text is
 * served without a token on `--metrics-port`, bound to 127.0.0.1 only
 * (metrics.server).
 */
import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { RequirePermission } from '../auth/permissions';
import { CoordinatorMetrics } from './coordinator-metrics';

@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: CoordinatorMetrics) {}

  @Get()
  @RequirePermission('metrics:read')
  @ApiBearerAuth()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  @ApiProduces(Registry.PROMETHEUS_CONTENT_TYPE)
  @ApiOkResponse({ description: 'Prometheus text exposition format (README.md "Metrics and logs")' })
  scrape(): Promise<string> {
    return this.metrics.text();
  }
}
