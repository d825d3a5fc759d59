/**
 * @module clients/client-view.dto
 * Swagger description of {@link ClientView} (response only).
 */
import { ApiProperty } from '@nestjs/swagger';
import { Backend, CLIENT_STATUSES, type ClientStatus, type ClientView } from '@fl/protocol';

export class ClientViewDto implements ClientView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Dataset the client holds.' }) dataset!: string;
  @ApiProperty({ description: 'Local training examples n_k.' }) numExamples!: number;
  @ApiProperty({ enum: Object.values(Backend), description: 'TF.js backend it trains with.' }) backend!: Backend;
  @ApiProperty({ type: String, nullable: true, example: '0.1.0', description: 'Software version it sent at its last authentication (null: none sent).' }) clientVersion!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Protocol version of its last authentication (null: not seen since this was recorded).' }) protocolVersion!: number | null;
  @ApiProperty({ description: 'Enrolled with an Ed25519 signing key (secure aggregation, active model).' }) hasSigningKey!: boolean;
  @ApiProperty() connected!: boolean;
  @ApiProperty({ type: String, nullable: true }) currentTaskId!: string | null;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ format: 'date-time' }) lastSeenAt!: string;
  @ApiProperty({ enum: CLIENT_STATUSES, description: 'active, suspended (refused until resumed) or revoked (refused for good).' }) status!: ClientStatus;
  @ApiProperty({ description: 'Largest example count it may claim (its enrollment token cap).' }) maxExamples!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The enrollment token it enrolled with.' }) enrollmentTokenId!: string | null;
}
