/**
 * @module jobs/dto/privacy.dto
 * `privacy` of a job request (docs/privacy.md). Per-field ranges here; the δ
 * rule, the noise calibration and the mode checks in privacy/privacy-config.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, Max } from 'class-validator';
import type { PrivacyRequest, RaiseBudgetRequest } from '@fl/protocol';

const finite = { allowNaN: false, allowInfinity: false } as const;

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

  @ApiProperty({ description: 'L2 clip norm S of each client’s update (> 0).' })
  @IsNumber(finite)
  clip!: number;

  @ApiProperty({ description: 'Poisson sampling rate q ∈ (0, 1]: each online client joins a round independently with probability q.' })
  @IsNumber(finite)
  @Max(1)
  samplingRate!: number;
}

export class RaiseBudgetDto implements RaiseBudgetRequest {
  @ApiProperty({ description: 'The new ε budget: larger than the current one.' })
  @IsNumber(finite)
  epsilon!: number;
}
