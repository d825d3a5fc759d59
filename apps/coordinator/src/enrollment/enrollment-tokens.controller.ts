/**
 * @module enrollment/enrollment-tokens.controller
 * `POST|GET /api/enrollment-tokens`, `DELETE /api/enrollment-tokens/:id`
 * (revoke). Each method is one line into {@link EnrollmentTokensService}.
 */
import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CreatedEnrollmentToken, EnrollmentTokenView } from '@fl/protocol';
import { RequirePermission } from '../auth/permissions';
import { CreateEnrollmentTokenDto } from './dto/create-enrollment-token.dto';
import { CreatedEnrollmentTokenDto, EnrollmentTokenViewDto } from './dto/enrollment-token-view.dto';
import { EnrollmentTokensService } from './enrollment-tokens.service';

@ApiTags('enrollment')
@Controller('enrollment-tokens')
export class EnrollmentTokensController {
  constructor(private readonly tokens: EnrollmentTokensService) {}

  @Post()
  @RequirePermission('enrollment:write')
  @ApiCreatedResponse({ type: CreatedEnrollmentTokenDto, description: 'The token with its secret (shown only here).' })
  @ApiBadRequestResponse({ description: 'Every invalid field listed in `message`.' })
  create(@Body() dto: CreateEnrollmentTokenDto): Promise<CreatedEnrollmentToken> {
    return this.tokens.create(dto);
  }

  @Get()
  @RequirePermission('enrollment:read')
  @ApiOkResponse({ type: EnrollmentTokenViewDto, isArray: true, description: 'Every token, newest first (never a secret).' })
  list(): Promise<EnrollmentTokenView[]> {
    return this.tokens.list();
  }

  @Delete(':id')
  @RequirePermission('enrollment:write')
  @ApiOkResponse({ type: EnrollmentTokenViewDto, description: 'The token, revoked: no further enrollment with it.' })
  @ApiNotFoundResponse()
  revoke(@Param('id') id: string): Promise<EnrollmentTokenView> {
    return this.tokens.revoke(id);
  }
}
