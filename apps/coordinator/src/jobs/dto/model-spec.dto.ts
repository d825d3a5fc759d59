/**
 * @module jobs/dto/model-spec.dto
 * `model` of a job request: a built-in (with `params` for `synthetic`) or a
 * TF.js Layers JSON topology, or a model registry `version` to start from.
 * Exactly one of `builtin` / `layers` / `version` is checked across fields in
 * job-config.
 */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { BUILTIN_MODELS, type BuiltinModel, type ModelSpec } from '@fl/protocol';
import { MAX_SYNTHETIC_PARAMS } from '../../models/synthetic-model';

export class ModelSpecDto implements ModelSpec {
  /** Optional: give `layers` instead. */
  @ApiPropertyOptional({ enum: BUILTIN_MODELS, description: 'A built-in model; omit and give `layers` for a custom one.' })
  @IsOptional()
  @IsIn(BUILTIN_MODELS)
  builtin?: BuiltinModel;

  /** Only for `synthetic`, where it is required. */
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SYNTHETIC_PARAMS, description: 'Parameter count of the `synthetic` model (required for it, refused otherwise).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SYNTHETIC_PARAMS)
  params?: number;

  /** Optional: give `builtin` instead. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'TF.js Layers JSON (parsed `model.toJSON()`).' })
  @IsOptional()
  @IsObject()
  layers?: object;

  /** Optional: give `builtin` or `layers` instead. */
  @ApiPropertyOptional({ format: 'uuid', description: 'A model registry version id (GET /api/models) to start from, e.g. an imported model; the job starts from its topology and weights.' })
  @IsOptional()
  @IsUUID('4')
  version?: string;
}
