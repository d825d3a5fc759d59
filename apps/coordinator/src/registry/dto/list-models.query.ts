/**
 * @module registry/dto/list-models.query
 * `GET /api/models?jobId=`: optional filter by job.
 */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

export class ListModelsQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this job’s versions, oldest first.' })
  @IsOptional()
  @IsUUID('4')
  jobId?: string;
}
