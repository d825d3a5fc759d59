/**
 * @module serving/predict.dto
 * Swagger shapes of `POST /api/models/{id|serving}/predict`.
 */
import { ApiProperty } from '@nestjs/swagger';
import type { PredictRequest, PredictResponse } from '@fl/protocol';

export class PredictRequestDto implements PredictRequest {
  @ApiProperty({
    type: 'array',
    items: {},
    description:
      'A batch, one entry per example: nested arrays of the model’s input shape without the batch dimension (e.g. 28×28×1 for mnist-cnn), or a flat array of that many numbers. Finite numbers only; at most servingMaxBatch (default 256) examples.',
    example: [[0, 0.5, 1]],
  })
  inputs!: unknown[];
}

export class PredictResponseDto implements PredictResponse {
  @ApiProperty({ format: 'uuid', description: 'The version that answered (resolves `serving`).' }) modelId!: string;
  @ApiProperty({ type: 'array', items: { type: 'array', items: { type: 'number' } }, description: 'The model’s output per example, flattened.' }) predictions!: number[][];
  @ApiProperty({ type: [Number], description: 'Index of the largest output per example (the predicted class).' }) argmax!: number[];
  @ApiProperty({ type: [Number], description: 'Shape of one example’s output.' }) outputShape!: number[];
}
