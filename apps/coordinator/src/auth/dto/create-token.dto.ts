/**
 * @module auth/dto/create-token.dto
 * `POST /api/tokens` body (CreateApiTokenRequest).
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ROLES, type CreateApiTokenRequest, type Role } from '@fl/protocol';

/** Ten years: longer-lived tokens should simply not expire (and be rotated). */
export const MAX_TOKEN_SECONDS = 10 * 365 * 24 * 3600;

export class CreateTokenDto implements CreateApiTokenRequest {
  @ApiProperty({ description: 'What the token is for (shown in lists and the audit log).', maxLength: 100 })
  @IsString()
  @MaxLength(100)
  @Matches(/^[^\u0000-\u001f\u007f]+$/, { message: 'name must be 1–100 printable characters' })
  name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ description: 'Lifetime in seconds; absent: never expires.', minimum: 1, maximum: MAX_TOKEN_SECONDS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_TOKEN_SECONDS)
  expiresInSeconds?: number;
}
