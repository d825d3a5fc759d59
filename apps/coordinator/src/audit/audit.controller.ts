/**
 * @module audit/audit.controller
 * `GET /api/audit`: the audit log, newest first, cursor-paged (AuditPage).
 */
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuditPage } from '@fl/protocol';
import { RequirePermission } from '../auth/permissions';
import { AuditQueryDto } from './audit-query.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequirePermission('audit:read')
  @ApiOkResponse({ description: '{ entries: AuditEntry[] (newest first), next: cursor for ?before= or null }' })
  page(@Query() q: AuditQueryDto): Promise<AuditPage> {
    return this.audit.page({ limit: q.limit ?? 50, before: q.before === undefined ? undefined : Number(q.before), actor: q.actor, action: q.action });
  }
}
