/**
 * @module jobs/dto/strategy-config.dto
 * `strategy` of a job request. Ranges and which options apply to which
 * strategy are checked by fl-core's `validateStrategyConfig` (an option that
 * does not apply is refused, not ignored); omitted options take the
 * strategy's documented defaults.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsOptional } from 'class-validator';
import { STRATEGIES, type StrategyConfig, type StrategyName } from '@fl/protocol';
import { STRATEGY_DEFAULTS } from '@fl/fl-core';
import { JOB_DEFAULTS } from '../job-defaults';

/** Swagger text for an option, listing the strategies that take it and their defaults (from fl-core). */
function hint(what: string, key: string): string {
  const uses = Object.entries(STRATEGY_DEFAULTS)
    .filter(([, d]) => key in d)
    .map(([name, d]) => `${name}: ${(d as Record<string, number>)[key]}`);
  return `${what} (default ${uses.join(', ')}).`;
}

export class StrategyConfigDto implements StrategyConfig {
  @ApiProperty({ enum: STRATEGIES, default: JOB_DEFAULTS.strategy.name })
  @IsIn(STRATEGIES)
  name!: StrategyName;

  @ApiPropertyOptional({ description: hint('Server learning rate η', 'serverLearningRate') })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  serverLearningRate?: number;

  @ApiPropertyOptional({ description: hint('FedProx μ', 'proximalMu') })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  proximalMu?: number;

  @ApiPropertyOptional({ description: hint('Server momentum β', 'momentum') })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  momentum?: number;

  @ApiPropertyOptional({ description: hint('First-moment decay β1', 'beta1') })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  beta1?: number;

  @ApiPropertyOptional({ description: hint('Second-moment decay β2', 'beta2') })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  beta2?: number;

  @ApiPropertyOptional({ description: hint('Adaptivity τ', 'tau') })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  tau?: number;

  @ApiPropertyOptional({ description: hint('FedTrimmedAvg: fraction β ∈ [0, 0.5) trimmed at each end per coordinate', 'beta') })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  beta?: number;

  @ApiPropertyOptional({ description: hint('Krum/Bulyan: Byzantine clients tolerated f (Krum needs minClients > 2f + 2, Bulyan minClients ≥ 4f + 3)', 'f') })
  @IsOptional()
  @IsInt()
  f?: number;

  @ApiPropertyOptional({ description: hint('Krum: updates averaged m (1: Krum, > 1: Multi-Krum)', 'm') })
  @IsOptional()
  @IsInt()
  m?: number;
}
