/**
 * @module auth/tokens.controller
 * `GET /api/tokens`, `POST /api/tokens` (the secret is in this reply only),
 * `DELETE /api/tokens/:id` (revoke). One line each into {@link ApiTokensService}.
 */
import { Body, Controller, Delete, Get, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { ApiTokenView, CreatedApiToken } from '@fl/protocol';
import { AuditedInTransaction } from '../audit/audit-metadata';
import { RequirePermission } from './permissions';
import { ApiTokensService } from './api-tokens.service';
import { CreateTokenDto } from './dto/create-token.dto';
import { sourceOf, type AuthRequest } from './principal';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('tokens')
export class TokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Get()
  @RequirePermission('tokens:read')
  @ApiOkResponse({ description: 'Every API token (ApiTokenView, no secrets), oldest first.' })
  list(): Promise<ApiTokenView[]> {
    return this.tokens.list();
  }

  @Post()
  @RequirePermission('tokens:write')
  @AuditedInTransaction()
  @ApiCreatedResponse({ description: 'CreatedApiToken: the view plus `secret`, shown this once.' })
  create(@Body() dto: CreateTokenDto, @Req() req: AuthRequest): Promise<CreatedApiToken> {
    return this.tokens.create(dto, req.principal ?? null, sourceOf(req));
  }

  @Delete(':id')
  @RequirePermission('tokens:write')
  @AuditedInTransaction()
  @ApiOkResponse({ description: 'The revoked token (its sessions end too).' })
  @ApiNotFoundResponse({ description: 'TOKEN_NOT_FOUND' })
  @ApiConflictResponse({ description: 'LAST_ADMIN (the last active admin token) or ALREADY_REVOKED.' })
  revoke(@Param('id') id: string, @Req() req: AuthRequest): Promise<ApiTokenView> {
    return this.tokens.revoke(id, req.principal ?? null, sourceOf(req));
  }
}
