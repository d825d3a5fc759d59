/**
 * @module registry/dto/import-model.dto
 * `POST /api/models/import` (multipart/form-data): the files `model.json`
 * and `model.weights.bin` (or `weights.bin`), exactly what TF.js's
 * `model.save('http://…/api/models/import')` sends, plus an optional `name`
 * text field.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { MAX_NAME_LENGTH } from '@fl/protocol';

export const IMPORT_MODEL_FIELD = 'model.json';
export const IMPORT_WEIGHTS_FIELDS = ['model.weights.bin', 'weights.bin'] as const;

export class ImportModelDto {
  @ApiPropertyOptional({ maxLength: MAX_NAME_LENGTH, description: 'A name for the imported version.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_NAME_LENGTH)
  name?: string;
}

/** Swagger schema of the multipart body. */
export class ImportModelFormDto extends ImportModelDto {
  @ApiProperty({ name: 'model.json', type: 'string', format: 'binary', description: 'TF.js Layers model.json (modelTopology + weightsManifest, float32 weights).' })
  modelJson!: unknown;

  @ApiProperty({ name: 'model.weights.bin', type: 'string', format: 'binary', description: 'The weights the manifest describes, concatenated (also accepted as weights.bin).' })
  weights!: unknown;
}
