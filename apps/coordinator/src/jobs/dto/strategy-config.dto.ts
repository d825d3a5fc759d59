/**
 * @module jobs/dto/strategy-config.dto
 * `strategy` of a job request. Ranges and which options apply to which
 * strategy are checked by fl-core's `validateStrategyConfig` (an option that
 * does not apply is refused, not ignored); omitted options take the
 * strategy's documented defaults.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional } from 'class-validator';
import { STRATEGIES, type StrategyConfig, type StrategyName } from '@fl/protocol';

export class StrategyConfigDto implements StrategyConfig {
  @ApiProperty({ enum: STRATEGIES, default: 'fedavg' })
  @IsIn(STRATEGIES)
  name!: StrategyName;

  @ApiPropertyOptional({ description: 'Server learning rate η (fedavgm, fedadam, fedyogi, fedadagrad).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  serverLearningRate?: number;

  @ApiPropertyOptional({ description: 'FedProx μ (fedprox).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  proximalMu?: number;

  @ApiPropertyOptional({ description: 'Server momentum β (fedavgm).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  momentum?: number;

  @ApiPropertyOptional({ description: 'First-moment decay β1 (fedadam, fedyogi).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  beta1?: number;

  @ApiPropertyOptional({ description: 'Second-moment decay β2 (fedadam, fedyogi).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  beta2?: number;

  @ApiPropertyOptional({ description: 'Adaptivity τ (fedadam, fedyogi, fedadagrad).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  tau?: number;
}
