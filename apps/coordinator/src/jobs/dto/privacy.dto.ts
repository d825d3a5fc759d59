/**
 * @module jobs/dto/privacy.dto
 * `privacy` of a job request (docs/privacy.md). Per-field ranges here; the δ
 * rule, the noise calibration and the mode checks in privacy/privacy-config.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsObject, IsOptional, Max, ValidateNested } from 'class-validator';
import type { AdaptiveClippingRequest, PrivacyRequest, RaiseBudgetRequest } from '@fl/protocol';

const finite = { allowNaN: false, allowInfinity: false } as const;

export class AdaptiveClippingDto implements AdaptiveClippingRequest {
  @ApiPropertyOptional({ description: 'Target unclipped fraction γ ∈ (0, 1) (default 0.5, Andrew et al. / TFF).' })
  @IsOptional()
  @IsNumber(finite)
  targetUnclipped?: number;

  @ApiPropertyOptional({ description: 'Geometric learning rate η ∈ (0, 10] of C ← C·exp(−η(b̃ − γ)) (default 0.2).' })
  @IsOptional()
  @IsNumber(finite)
  learningRate?: number;

  @ApiPropertyOptional({ description: 'Stddev σ_b of the noise on the unclipped count (default 0.05·clientsPerRound); 2σ_b must exceed the noise multiplier.' })
  @IsOptional()
  @IsNumber(finite)
  countStddev?: number;
}

export class PrivacyDto implements PrivacyRequest {
  @ApiProperty({ description: 'ε budget for the whole job (> 0).' })
  @IsNumber(finite)
  epsilon!: number;

  @ApiProperty({ description: 'δ ∈ (0, 1); at most 1/(10·N), N = max(enrolled clients, ⌈clientsPerRound/samplingRate⌉).' })
  @IsNumber(finite)
  @Max(1)
  delta!: number;

  @ApiPropertyOptional({ description: 'Noise multiplier z (σ = z·clip). Omitted: calibrated so that all planned rounds fit (ε, δ).' })
  @IsOptional()
  @IsNumber(finite)
  noiseMultiplier?: number;

  @ApiProperty({ description: 'L2 clip norm S of each client’s update (> 0); with adaptiveClipping the initial C (TFF: 0.1).' })
  @IsNumber(finite)
  clip!: number;

  @ApiProperty({ description: 'Poisson sampling rate q ∈ (0, 1]: each online client joins a round independently with probability q.' })
  @IsNumber(finite)
  @Max(1)
  samplingRate!: number;

  @ApiPropertyOptional({ type: AdaptiveClippingDto, nullable: true, description: 'Adaptive clipping (Andrew et al. NeurIPS 2021); off when absent. `{}` takes the defaults γ = 0.5, η = 0.2, σ_b = 0.05·clientsPerRound.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AdaptiveClippingDto)
  adaptiveClipping?: AdaptiveClippingDto | null;
}

export class RaiseBudgetDto implements RaiseBudgetRequest {
  @ApiProperty({ description: 'The new ε budget: larger than the current one.' })
  @IsNumber(finite)
  epsilon!: number;
}
