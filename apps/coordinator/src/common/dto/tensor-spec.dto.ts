/**
 * @module common/dto/tensor-spec.dto
 * One tensor of a model layout (name and shape), in job and model-version
 * responses alike.
 */
import { ApiProperty } from '@nestjs/swagger';
import type { TensorSpec } from '@fl/protocol';

export class TensorSpecDto implements TensorSpec {
  @ApiProperty() name!: string;
  @ApiProperty({ type: [Number] }) shape!: number[];
}
