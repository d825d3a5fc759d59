/**
 * @module jobs/dto/secure-aggregation.dto
 * `secureAggregation` of a job request. Every field is optional; omitted
 * fields take the defaults in job-defaults (secure aggregation is on).
 */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { SECAGG_GRAPHS, SECAGG_THREAT_MODELS, type SecAggGraph, type SecAggThreatModel, type SecureAggregationConfig } from '@fl/protocol';
import { SECURE_AGGREGATION_DEFAULTS as D } from '../job-defaults';

const finite = { allowNaN: false, allowInfinity: false } as const;

export class SecureAggregationDto implements Partial<SecureAggregationConfig> {
  @ApiPropertyOptional({ default: D.enabled, description: 'SecAgg+: the coordinator only sees the sum of the updates. Turn off for plain FedAvg.' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ enum: SECAGG_GRAPHS, default: D.graph, description: 'auto: SecAgg+ picks k and t for the cohort; complete: Bonawitz et al. (k = n − 1).' })
  @IsOptional()
  @IsIn(SECAGG_GRAPHS)
  graph?: SecAggGraph;

  @ApiPropertyOptional({ enum: SECAGG_THREAT_MODELS, default: D.threatModel, description: 'active adds signatures and the consistency check.' })
  @IsOptional()
  @IsIn(SECAGG_THREAT_MODELS)
  threatModel?: SecAggThreatModel;

  @ApiPropertyOptional({ default: D.expectedDropout, minimum: 0, maximum: 0.5, description: 'Expected dropout rate ρ during a round.' })
  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  @Max(0.5)
  expectedDropout?: number;

  @ApiPropertyOptional({ default: D.corruption, minimum: 0, maximum: 0.3, description: 'Assumed fraction γ of corrupt clients.' })
  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  @Max(0.3)
  corruption?: number;

  @ApiPropertyOptional({ default: D.clip, minimum: 1e-6, maximum: 1e6, description: 'Clip bound per coordinate of an update (delta to the global model).' })
  @IsOptional()
  @IsNumber(finite)
  @Min(1e-6)
  @Max(1e6)
  clip?: number;

  @ApiPropertyOptional({ default: D.stageTimeoutSeconds, minimum: 0.1, maximum: 3600, description: 'Seconds each key-exchange or unmasking stage waits.' })
  @IsOptional()
  @IsNumber(finite)
  @Min(0.1)
  @Max(3600)
  stageTimeoutSeconds?: number;
}
