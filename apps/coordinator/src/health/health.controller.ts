/**
 * @module health/health.controller
 * `GET /api/health`: liveness plus a few counters, including the event-loop
 * delay since start or the last `POST /api/health/event-loop/reset`, and the
 * bulk channel's port and traffic.
 */
import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PROTOCOL_VERSION } from '@fl/protocol';
import { ClientsService } from '../clients/clients.service';
import { EventLoopMonitor, type EventLoopDelay } from './event-loop.monitor';
import { BulkChannel, type BulkStats } from '../bulk/bulk-channel';

@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(
    private readonly clients: ClientsService,
    private readonly loop: EventLoopMonitor,
    private readonly bulk: BulkChannel,
  ) {}

  @Get()
  @ApiOkResponse({ description: '{ status: "ok", protocolVersion, uptimeSeconds, clientsConnected, eventLoopDelayMs: { p50, p99, max, mean, seconds }, bulk: { port, modelChunks, uploads, refused } }' })
  health(): { status: 'ok'; protocolVersion: number; uptimeSeconds: number; clientsConnected: number; eventLoopDelayMs: EventLoopDelay; bulk: BulkStats } {
    return {
      status: 'ok',
      protocolVersion: PROTOCOL_VERSION,
      uptimeSeconds: (Date.now() - this.startedAt) / 1000,
      clientsConnected: this.clients.list().filter((c) => c.connected).length,
      eventLoopDelayMs: this.loop.snapshot(),
      bulk: this.bulk.stats(),
    };
  }

  @Post('event-loop/reset')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Restarts the event-loop delay histogram (benchmarks measure one window).' })
  resetEventLoop(): void {
    this.loop.reset();
  }
}
