/**
 * @module clients/clients.controller
 * `GET /api/clients` (enrolled edge clients, with status and example cap)
 * and the admin actions `POST /api/clients/:id/{suspend,resume,revoke}`.
 */
import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ClientView } from '@fl/protocol';
import { RequirePermission } from '../auth/permissions';
import { ClientsService } from './clients.service';
import { ClientAdminService } from './client-admin.service';
import { ClientViewDto } from './client-view.dto';

@ApiTags('clients')
@ApiBearerAuth()
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly clients: ClientsService,
    private readonly admin: ClientAdminService,
  ) {}

  @Get()
  @RequirePermission('clients:read')
  @ApiOkResponse({ type: ClientViewDto, isArray: true, description: 'Every enrolled client, connected or not.' })
  list(): ClientView[] {
    return this.clients.list();
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @RequirePermission('clients:write')
  @ApiOkResponse({ type: ClientViewDto, description: 'Suspended: its socket is closed now and its reconnects refused (CLIENT_SUSPENDED) until resumed.' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The client is revoked.' })
  suspend(@Param('id') id: string): Promise<ClientView> {
    return this.admin.suspend(id);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @RequirePermission('clients:write')
  @ApiOkResponse({ type: ClientViewDto, description: 'Active again: it may reconnect.' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The client is revoked.' })
  resume(@Param('id') id: string): Promise<ClientView> {
    return this.admin.resume(id);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @RequirePermission('clients:write')
  @ApiOkResponse({ type: ClientViewDto, description: 'Revoked for good: its socket is closed now and every reconnect refused (CLIENT_REVOKED).' })
  @ApiNotFoundResponse()
  revoke(@Param('id') id: string): Promise<ClientView> {
    return this.admin.revoke(id);
  }
}
