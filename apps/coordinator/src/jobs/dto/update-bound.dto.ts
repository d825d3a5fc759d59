/**
 * @module jobs/dto/update-bound.dto
 * `updateBound` of a job request: the L2 bound on each plain-round update
 * (README "Bounded influence"). Every field is optional; omitted fields take
 * the defaults in job-defaults (on: clip to 3 × the median norm). Cross-field
 * rules are checked by `updateBoundProblems` at job creation.
 */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { UPDATE_BOUND_ACTIONS, UPDATE_BOUND_RULES, type UpdateBoundAction, type UpdateBoundConfig, type UpdateBoundRule } from '@fl/protocol';
import { UPDATE_BOUND_DEFAULTS as D } from '../job-defaults';

const finite = { allowNaN: false, allowInfinity: false } as const;

export class UpdateBoundDto implements Partial<UpdateBoundConfig> {
  @ApiPropertyOptional({ enum: UPDATE_BOUND_ACTIONS, default: D.action, description: 'clip: scale an update above the bound down to it; refuse: refuse it (UPDATE_TOO_LARGE); off: no bound.' })
  @IsOptional()
  @IsIn(UPDATE_BOUND_ACTIONS)
  action?: UpdateBoundAction;

  @ApiPropertyOptional({ enum: UPDATE_BOUND_RULES, default: D.rule, description: 'fixed: always `norm`; median: `multiple` × the median norm of the same round’s updates (applied when training closes; clientsPerRound × parameters × 4 bytes must fit the 1 GiB kept-update cap); quantile: Andrew et al. (NeurIPS 2021).' })
  @IsOptional()
  @IsIn(UPDATE_BOUND_RULES)
  rule?: UpdateBoundRule;

  @ApiPropertyOptional({ default: D.norm, description: 'The fixed L2 bound, the quantile rule’s first bound, and the median rule’s when the median norm is 0; positive and finite.' })
  @IsOptional()
  @IsNumber(finite)
  norm?: number;

  @ApiPropertyOptional({ default: D.multiple, description: 'median: the multiple of the median norm; positive and finite.' })
  @IsOptional()
  @IsNumber(finite)
  multiple?: number;

  @ApiPropertyOptional({ default: D.targetQuantile, description: 'quantile: the target fraction γ of unclipped updates, in (0, 1).' })
  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  @Max(1)
  targetQuantile?: number;

  @ApiPropertyOptional({ default: D.learningRate, description: 'quantile: the geometric learning rate η_C; positive and finite.' })
  @IsOptional()
  @IsNumber(finite)
  learningRate?: number;
}
