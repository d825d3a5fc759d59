/**
 * @module enrollment/dto/create-enrollment-token.dto
 * `POST /api/enrollment-tokens` body. Every field is optional because each
 * has a documented default: single use, 24 h, no dataset or name binding,
 * the coordinator's `--max-examples-per-client`.
 */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_NAME_LENGTH, type CreateEnrollmentTokenRequest } from '@fl/protocol';

export class CreateEnrollmentTokenDto implements CreateEnrollmentTokenRequest {
  @ApiPropertyOptional({ maxLength: 200, description: 'Free-form label for admins (default empty).' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  label?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: 100_000, description: 'Enrollments it allows in all (1 = single use).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxUses?: number;

  @ApiPropertyOptional({ default: 86_400, minimum: 60, maximum: 90 * 86_400, description: 'Lifetime in seconds (default 24 h, at most 90 days).' })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(90 * 86_400)
  expiresInSeconds?: number;

  @ApiPropertyOptional({ maxLength: MAX_NAME_LENGTH, description: 'Only a client declaring this dataset name may enroll with it.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_NAME_LENGTH)
  dataset?: string;

  @ApiPropertyOptional({ maxLength: MAX_NAME_LENGTH, description: 'Only a client with this name may enroll with it.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_NAME_LENGTH)
  clientName?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 2_147_483_647, description: "Largest example count a client enrolled with it may claim (default: the coordinator's --max-examples-per-client)." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  maxExamples?: number;
}
