/**
 * @module common/dto/round-metrics.dto
 * A round's metrics (example-weighted means over the clients), in job and
 * model-version responses alike.
 */
import { ApiProperty } from '@nestjs/swagger';
import type { RoundMetrics } from '@fl/protocol';

export class RoundMetricsDto implements RoundMetrics {
  @ApiProperty({ type: Number, nullable: true, description: 'Example-weighted mean training loss of the aggregated clients.' }) trainLoss!: number | null;
  @ApiProperty({ type: Number, nullable: true }) trainAccuracy!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Example-weighted federated evaluation of the new model.' }) evalLoss!: number | null;
  @ApiProperty({ type: Number, nullable: true }) evalAccuracy!: number | null;
  @ApiProperty({ description: 'Σ n_k behind the aggregate.' }) examples!: number;
}
