/**
 * @module models/model-refusal
 * The REST answer to a refused model (job creation, registry import): 400
 * with Nest's usual body plus a machine-readable `code`, e.g.
 * `{ statusCode: 400, error: 'Bad Request', code: 'MODEL_TOO_LARGE', message: ['model.layers: …'] }`.
 */
import { BadRequestException } from '@nestjs/common';

export function modelRefusal(code: string, message: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', code, message: [message] });
}
