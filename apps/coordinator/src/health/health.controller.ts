/**
 * @module health/health.controller
 * `GET /api/health`: liveness plus a few counters.
 */
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PROTOCOL_VERSION } from '@fl/protocol';
import { ClientsService } from '../clients/clients.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  private readonly startedAt = Date.now();

  constructor(private readonly clients: ClientsService) {}

  @Get()
  @ApiOkResponse({ description: '{ status: "ok", protocolVersion, uptimeSeconds, clientsConnected }' })
  health(): { status: 'ok'; protocolVersion: number; uptimeSeconds: number; clientsConnected: number } {
    return { status: 'ok', protocolVersion: PROTOCOL_VERSION, uptimeSeconds: (Date.now() - this.startedAt) / 1000, clientsConnected: this.clients.list().filter((c) => c.connected).length };
  }
}
