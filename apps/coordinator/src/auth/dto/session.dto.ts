/**
 * @module auth/dto/session.dto
 * `POST /api/auth/session` body: the API token to open a dashboard session with.
 */
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class CreateSessionDto {
  @ApiProperty({ description: 'An API token (flt_…); the reply sets an HttpOnly session cookie.' })
  @IsString()
  @MaxLength(400)
  token!: string;
}
