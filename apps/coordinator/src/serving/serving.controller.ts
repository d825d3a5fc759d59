/**
 * @module serving/serving.controller
 * `POST /api/models/{id|serving}/predict`: one line into {@link ServingService}.
 */
import { BadRequestException, Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiPayloadTooLargeResponse, ApiServiceUnavailableResponse, ApiTags, ApiBearerAuth } from '@nestjs/swagger';
import type { PredictResponse } from '@fl/protocol';
import { VersionIdPipe } from '../registry/version-id.pipe';
import { PredictRequestDto, PredictResponseDto } from './predict.dto';
import { inputsOf, PredictInputError } from './predict-input';
import { ServingService } from './serving.service';
import { RequirePermission } from '../auth/permissions';
import { SkipAudit } from '../audit/audit-metadata';

function bodyInputs(body: unknown): unknown {
  try {
    return inputsOf(body);
  } catch (e) {
    throw e instanceof PredictInputError ? new BadRequestException(e.message) : e;
  }
}

@ApiTags('serving')
@ApiBearerAuth()
@Controller('models')
export class ServingController {
  constructor(private readonly serving: ServingService) {}

  @Post(':id/predict')
  @RequirePermission('models:predict')
  @SkipAudit('inference changes nothing; auditing every prediction would put serving traffic on the database')
  @HttpCode(200)
  @ApiParam({ name: 'id', description: 'Version id (UUID) or `serving` (the promoted version).' })
  @ApiBody({ type: PredictRequestDto })
  @ApiOkResponse({ type: PredictResponseDto })
  @ApiBadRequestResponse({ description: 'Inputs that do not match the model’s input shape, non-finite values, an empty batch; `message` names the example and position.' })
  @ApiNotFoundResponse({ description: 'No such version, or none is serving.' })
  @ApiConflictResponse({ description: 'Layout-only model (no TF.js topology), or an input shape with unknown dimensions.' })
  @ApiPayloadTooLargeResponse({ description: 'More examples than servingMaxBatch.' })
  @ApiServiceUnavailableResponse({ description: 'Every worker busy and the queue full, or serving off.' })
  predict(@Param('id', VersionIdPipe) id: string, @Body() body: Record<string, unknown>): Promise<PredictResponse> {
    return this.serving.predict(id, bodyInputs(body));
  }
}
