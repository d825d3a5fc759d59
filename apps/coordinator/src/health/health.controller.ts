/**
 * @module health/health.controller
 * `GET /api/health`: liveness plus a few counters, including the event-loop
 * delay since start or the last `POST /api/health/event-loop/reset`, and the
 * bulk channel's port and traffic.
 *
 * `GET /api/health` is the one public route: anyone (a load balancer, a
 * supervisor) learns only `{ status, protocolVersion }`; the counters (uptime,
 * connected clients, event-loop delay, the bulk port and its traffic) need a
 * token with `system:read`. Resetting the histogram needs `system:write`.
 */
import { Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PROTOCOL_VERSION } from '@fl/protocol';
import { ClientsService } from '../clients/clients.service';
import { EventLoopMonitor, type EventLoopDelay } from './event-loop.monitor';
import { BulkChannel, type BulkStats } from '../bulk/bulk-channel';
import { Public, RequirePermission, roleAllows } from '../auth/permissions';
import type { AuthRequest } from '../auth/principal';

export interface PublicHealth {
  status: 'ok';
  protocolVersion: number;
}

export interface DetailedHealth extends PublicHealth {
  uptimeSeconds: number;
  clientsConnected: number;
  eventLoopDelayMs: EventLoopDelay;
  bulk: BulkStats;
}

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
  @Public()
  @ApiOkResponse({ description: '{ status: "ok", protocolVersion }; with a system:read token also uptimeSeconds, clientsConnected, eventLoopDelayMs: { p50, p99, max, mean, seconds }, bulk: { port, modelChunks, uploads, refused }' })
  health(@Req() req: AuthRequest): PublicHealth | DetailedHealth {
    const open: PublicHealth = { status: 'ok', protocolVersion: PROTOCOL_VERSION };
    if (!req.principal || !roleAllows(req.principal.role, 'system:read')) return open;
    return {
      ...open,
      uptimeSeconds: (Date.now() - this.startedAt) / 1000,
      clientsConnected: this.clients.list().filter((c) => c.connected).length,
      eventLoopDelayMs: this.loop.snapshot(),
      bulk: this.bulk.stats(),
    };
  }

  @Post('event-loop/reset')
  @RequirePermission('system:write')
  @ApiBearerAuth()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Restarts the event-loop delay histogram (benchmarks measure one window).' })
  resetEventLoop(): void {
    this.loop.reset();
  }
}
