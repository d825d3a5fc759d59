/**
 * @module enrollment/dto/enrollment-token-view.dto
 * Swagger description of {@link EnrollmentTokenView} and of the creation
 * reply, which alone carries the secret (response only).
 */
import { ApiProperty } from '@nestjs/swagger';
import type { CreatedEnrollmentToken, EnrollmentTokenView } from '@fl/protocol';

export class EnrollmentTokenViewDto implements EnrollmentTokenView {
  @ApiProperty({ example: 'et_0123456789abcdef0123456789abcdef' }) id!: string;
  @ApiProperty() label!: string;
  @ApiProperty() maxUses!: number;
  @ApiProperty() uses!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) dataset!: string | null;
  @ApiProperty({ type: String, nullable: true }) clientName!: string | null;
  @ApiProperty() maxExamples!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Admin token that created it, when known.' }) createdBy!: string | null;
}

export class CreatedEnrollmentTokenDto extends EnrollmentTokenViewDto implements CreatedEnrollmentToken {
  @ApiProperty({ description: 'The secret (`fl-client --enroll-token`), shown only in this reply; the coordinator keeps its hash.' }) secret!: string;
}
