/**
 * @module registry/registry.controller
 * REST of the model registry; each method is one line into
 * {@link RegistryService}. Version ids are UUIDs or the alias `serving`.
 *
 * - `GET /api/models[?jobId=]`, `GET /api/models/:id`: versions and lineage;
 * - `GET /api/models/:id/tfjs/model.json` + `…/tfjs/weights.bin`: the TF.js
 *   Layers format, so `tf.loadLayersModel('…/api/models/<id>/tfjs/model.json')` works;
 * - `POST /api/models/import`: multipart `model.json` + `model.weights.bin`
 *   (what `model.save('http://…/api/models/import')` sends);
 * - `POST /api/models/:id/promote`: make it the serving version.
 */
import { BadRequestException, Body, Controller, Get, HttpCode, Param, Post, Query, StreamableFile, UploadedFiles, UseInterceptors } from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiPayloadTooLargeResponse, ApiProduces, ApiTags, ApiBearerAuth } from '@nestjs/swagger';
import { MAX_MODEL_BYTES, type ModelVersionView } from '@fl/protocol';
import { ModelVersionDto } from './dto/model-version.dto';
import { ListModelsQueryDto } from './dto/list-models.query';
import { IMPORT_MODEL_FIELD, IMPORT_WEIGHTS_FIELDS, ImportModelDto, ImportModelFormDto } from './dto/import-model.dto';
import { RegistryService } from './registry.service';
import { VersionIdPipe } from './version-id.pipe';
import { RequirePermission } from '../auth/permissions';

type UploadedFileMap = Partial<Record<string, Array<{ buffer: Buffer }>>>;

const Version = () => Param('id', VersionIdPipe);
const VersionParam = () => ApiParam({ name: 'id', description: 'Version id (UUID) or `serving`.' });

@ApiTags('models')
@ApiBearerAuth()
@Controller('models')
export class RegistryController {
  constructor(private readonly registry: RegistryService) {}

  @Get()
  @RequirePermission('models:read')
  @ApiOkResponse({ type: ModelVersionDto, isArray: true, description: 'Every version, oldest first (only the job’s with ?jobId=).' })
  list(@Query() q: ListModelsQueryDto): Promise<ModelVersionView[]> {
    return this.registry.list(q.jobId);
  }

  @Post('import')
  @RequirePermission('models:write')
  @UseInterceptors(
    FileFieldsInterceptor([{ name: IMPORT_MODEL_FIELD, maxCount: 1 }, ...IMPORT_WEIGHTS_FIELDS.map((name) => ({ name, maxCount: 1 }))], { limits: { fileSize: MAX_MODEL_BYTES, files: 2, fields: 4 } }),
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportModelFormDto })
  @ApiCreatedResponse({ type: ModelVersionDto, description: 'The imported version (jobId null, round 0); start a job from it with model: { version: id }.' })
  @ApiBadRequestResponse({ description: 'Missing file, invalid model.json, unsupported dtype or quantization, or weights that do not match the topology; `message` says which.' })
  @ApiPayloadTooLargeResponse({ description: 'A file is larger than MAX_MODEL_BYTES.' })
  import(@UploadedFiles() files: UploadedFileMap | undefined, @Body() dto: ImportModelDto): Promise<ModelVersionView> {
    const json = files?.[IMPORT_MODEL_FIELD]?.[0];
    const weights = IMPORT_WEIGHTS_FIELDS.map((f) => files?.[f]?.[0]).find((f) => f !== undefined);
    if (!json || !weights) throw new BadRequestException([`send multipart/form-data with the files ${IMPORT_MODEL_FIELD} and ${IMPORT_WEIGHTS_FIELDS[0]} (missing: ${[!json && IMPORT_MODEL_FIELD, !weights && IMPORT_WEIGHTS_FIELDS[0]].filter(Boolean).join(', ')})`]);
    return this.registry.import(json.buffer, weights.buffer, dto.name ?? null);
  }

  @Get(':id')
  @RequirePermission('models:read')
  @VersionParam()
  @ApiOkResponse({ type: ModelVersionDto })
  @ApiNotFoundResponse({ description: 'No such version (or none is serving).' })
  get(@Version() id: string): Promise<ModelVersionView> {
    return this.registry.get(id);
  }

  @Get(':id/tfjs/model.json')
  @RequirePermission('models:read')
  @VersionParam()
  @ApiOkResponse({ description: 'TF.js Layers model.json (format layers-model); its weightsManifest points at the sibling weights.bin.', schema: { type: 'object', additionalProperties: true } })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Layout-only model: no TF.js topology.' })
  tfjsModel(@Version() id: string): Promise<object> {
    return this.registry.tfjsModelJson(id);
  }

  @Get(':id/tfjs/weights.bin')
  @RequirePermission('models:read')
  @VersionParam()
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The weights as float32 little-endian, in weightsManifest order.', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Layout-only model: no TF.js topology.' })
  async tfjsWeights(@Version() id: string): Promise<StreamableFile> {
    const bytes = await this.registry.tfjsWeights(id);
    return new StreamableFile(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { type: 'application/octet-stream', length: bytes.byteLength });
  }

  @Post(':id/promote')
  @RequirePermission('models:write')
  @HttpCode(200)
  @VersionParam()
  @ApiOkResponse({ type: ModelVersionDto, description: 'The version, now serving (the previous serving version no longer is).' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'Layout-only model: it cannot be served.' })
  promote(@Version() id: string): Promise<ModelVersionView> {
    return this.registry.promote(id);
  }
}
