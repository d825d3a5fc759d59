/**
 * @module clients/clients.controller
 * `GET /api/clients`: enrolled edge clients.
 */
import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiBearerAuth } from '@nestjs/swagger';
import type { ClientView } from '@fl/protocol';
import { ClientsService } from './clients.service';
import { ClientViewDto } from './client-view.dto';
import { RequirePermission } from '../auth/permissions';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients')
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Get()
  @RequirePermission('clients:read')
  @ApiOkResponse({ type: ClientViewDto, isArray: true, description: 'Every enrolled client, connected or not.' })
  list(): ClientView[] {
    return this.clients.list();
  }
}
