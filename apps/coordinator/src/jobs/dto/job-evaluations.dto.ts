/**
 * @module jobs/dto/job-evaluations.dto
 * `GET /api/jobs/:id/evaluations` response: the job's evaluation history (docs/evaluation.md).
 */
import { ApiProperty } from '@nestjs/swagger';
import type { CentralizedEvaluation, ClientEvaluation, FederatedEvaluation, JobEvaluations, RoundEvaluation } from '@fl/protocol';
import { CentralizedEvaluationDto, ClientEvaluationDto, FederatedEvaluationDto } from '../../common/dto/evaluation.dto';

export class RoundEvaluationDto implements RoundEvaluation {
  @ApiProperty() round!: number;
  @ApiProperty({ format: 'uuid', description: 'The model version the round produced.' }) modelVersionId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: FederatedEvaluationDto, nullable: true }) federated!: FederatedEvaluation | null;
  @ApiProperty({ type: [ClientEvaluationDto] }) clients!: ClientEvaluation[];
  @ApiProperty({ type: CentralizedEvaluationDto, nullable: true }) centralized!: CentralizedEvaluation | null;
}

export class JobEvaluationsDto implements JobEvaluations {
  @ApiProperty({ format: 'uuid' }) jobId!: string;
  @ApiProperty({ description: 'Rounds r with r % evaluateEvery = 0 are evaluated, and always the last.' }) evaluateEvery!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The centralized evaluation dataset (a data spec).' }) evalData!: string | null;
  @ApiProperty({ type: [RoundEvaluationDto], description: 'Oldest round first.' }) rounds!: RoundEvaluation[];
}
