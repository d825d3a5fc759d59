/**
 * @module common/dto/evaluation.dto
 * OpenAPI shapes of model evaluation (`@fl/protocol` rest/evaluations;
 * docs/evaluation.md), shared by the jobs and registry responses.
 */
import { ApiProperty } from '@nestjs/swagger';
import type { CentralizedEvaluation, ClientEvaluation, FederatedEvaluation, RoundEvaluationSummary } from '@fl/protocol';

const namedNumbers = { type: 'object', additionalProperties: { type: 'number' } } as const;

export class ClientEvaluationDto implements ClientEvaluation {
  @ApiProperty() clientId!: string;
  @ApiProperty() numExamples!: number;
  @ApiProperty() loss!: number;
  @ApiProperty() accuracy!: number;
  @ApiProperty({ ...namedNumbers, description: 'Extra metrics the model defines.' }) metrics!: Record<string, number>;
}

export class FederatedEvaluationDto implements FederatedEvaluation {
  @ApiProperty({ description: 'Clients whose results count.' }) clients!: number;
  @ApiProperty() numExamples!: number;
  @ApiProperty({ description: 'Example-weighted mean loss.' }) loss!: number;
  @ApiProperty({ description: 'Example-weighted mean accuracy.' }) accuracy!: number;
  @ApiProperty({ ...namedNumbers, description: 'Each extra metric’s example-weighted mean over the clients that reported it.' }) metrics!: Record<string, number>;
}

export class CentralizedEvaluationDto {
  @ApiProperty({ enum: ['done', 'failed'] }) status!: CentralizedEvaluation['status'];
  @ApiProperty({ description: 'The job’s evalData spec.' }) dataset!: string;
  @ApiProperty({ required: false }) numExamples?: number;
  @ApiProperty({ required: false }) loss?: number;
  @ApiProperty({ required: false }) accuracy?: number;
  @ApiProperty({ required: false, description: 'Worker seconds, data loading included.' }) seconds?: number;
  @ApiProperty({ required: false, description: 'Why it failed (status failed).' }) error?: string;
  @ApiProperty({ format: 'date-time' }) evaluatedAt!: string;
}

export class RoundEvaluationSummaryDto implements RoundEvaluationSummary {
  @ApiProperty({ type: FederatedEvaluationDto, nullable: true }) federated!: FederatedEvaluation | null;
  @ApiProperty({ type: CentralizedEvaluationDto, nullable: true }) centralized!: CentralizedEvaluation | null;
}
