/**
 * @module registry/dto/model-version.dto
 * `GET /api/models` and `GET /api/models/:id` response: one model version
 * with its lineage.
 */
import { ApiProperty } from '@nestjs/swagger';
import { PRIVACY_MODES, type CentralizedEvaluation, type FederatedEvaluation, type ModelVersionView, type PrivacyMode, type PrivacySpent, type RoundMetrics, type TensorSpec } from '@fl/protocol';
import { CentralizedEvaluationDto, FederatedEvaluationDto } from '../../common/dto/evaluation.dto';
import { RoundMetricsDto } from '../../common/dto/round-metrics.dto';
import { TensorSpecDto } from '../../common/dto/tensor-spec.dto';

export class PrivacySpentDto implements PrivacySpent {
  @ApiProperty() epsilon!: number;
  @ApiProperty() delta!: number;
  @ApiProperty({ required: false, description: 'Rounds charged up to this version.' }) steps?: number;
  @ApiProperty({ required: false, enum: PRIVACY_MODES }) mode?: PrivacyMode;
  @ApiProperty({ required: false }) noiseMultiplier?: number;
}

export class ModelVersionDto implements ModelVersionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Content hash of the weights (download the FLW1 blob at /api/models/{hash}/weights).' }) hash!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Job that produced it; null for an imported model.' }) jobId!: string | null;
  @ApiProperty({ description: '0 = a job’s initial (or an imported) model; r = after round r.' }) round!: number;
  @ApiProperty({ type: String, nullable: true, description: 'Version this one was trained from (or, for a job’s initial version, the version the job started from).' }) parentId!: string | null;
  @ApiProperty({ type: [String], description: 'Clients whose updates are in this version’s aggregate.' }) participants!: string[];
  @ApiProperty({ type: RoundMetricsDto, nullable: true }) metrics!: RoundMetrics | null;
  @ApiProperty({ type: FederatedEvaluationDto, nullable: true, description: 'The cohort’s evaluation of this version (null when its round was not evaluated).' }) federatedEval!: FederatedEvaluation | null;
  @ApiProperty({ type: CentralizedEvaluationDto, nullable: true, description: 'The coordinator’s evaluation on the job’s evalData (null when none ran).' }) centralizedEval!: CentralizedEvaluation | null;
  @ApiProperty({ description: 'Whether secure aggregation produced this version.' }) secureAggregation!: boolean;
  @ApiProperty({ type: PrivacySpentDto, nullable: true, description: 'DP jobs: (ε, δ) the job had spent when this version was released; null otherwise.' }) privacy!: PrivacySpent | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Name given at import.' }) name!: string | null;
  @ApiProperty({ description: 'Whether this is the serving version (POST /api/models/{id}/promote).' }) serving!: boolean;
  @ApiProperty() parameterCount!: number;
  @ApiProperty({ type: [TensorSpecDto] }) layout!: TensorSpec[];
  @ApiProperty({ description: 'Whether the version has a TF.js topology; layout-only (synthetic) models cannot be downloaded in TF.js format or served.' }) hasTopology!: boolean;
}
