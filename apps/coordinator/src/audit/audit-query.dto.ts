/**
 * @module audit/audit-query.dto
 * `GET /api/audit?limit=&before=&actor=&action=`.
 */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class AuditQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'Cursor: the `next` of the previous page (only older entries).' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,15}$/, { message: 'before must be an entry id (a positive integer)' })
  before?: string;

  @ApiPropertyOptional({ description: 'Only this actor token id.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string;

  @ApiPropertyOptional({ description: 'Only this action, e.g. `tokens.create`.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  action?: string;
}
