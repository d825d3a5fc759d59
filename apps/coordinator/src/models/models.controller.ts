/**
 * @module models/models.controller
 * `GET /api/models/:hash/weights`: a stored model's serialized weights
 * (fl-core FLW1 format) as `application/octet-stream`.
 */
import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags, ApiBearerAuth } from '@nestjs/swagger';
import type { StreamableFile } from '@nestjs/common';
import { ModelsService } from './models.service';
import { RequirePermission } from '../auth/permissions';

@ApiTags('models')
@ApiBearerAuth()
@Controller('models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get(':hash/weights')
  @RequirePermission('models:read')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'Serialized weights (FLW1: magic, JSON layout header, float32 LE data).', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'No model with this hash.' })
  weights(@Param('hash') hash: string): Promise<StreamableFile> {
    return this.models.download(hash);
  }
}
