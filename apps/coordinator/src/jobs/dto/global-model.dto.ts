/**
 * @module jobs/dto/global-model.dto
 * `GET /api/jobs/:id/model` response: the job's current global model.
 */
import { ApiProperty } from '@nestjs/swagger';
import type { TensorSpec } from '@fl/protocol';
import { TensorSpecDto } from '../../common/dto/tensor-spec.dto';

export class GlobalModelDto {
  @ApiProperty({ description: 'Hex SHA-256 content hash of the serialized weights; download at /api/models/{hash}/weights.' }) hash!: string;
  @ApiProperty({ description: 'Rounds completed to produce this model (0 = initial).' }) round!: number;
  @ApiProperty({ type: [TensorSpecDto] }) layout!: TensorSpec[];
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'TF.js Layers topology, null for layout-only models.' }) topology!: object | null;
  @ApiProperty() parameterCount!: number;
}
