/**
 * @module jobs/dto/job-view.dto
 * Swagger description of {@link JobView} and {@link RoundView} (responses only).
 */
import { ApiProperty } from '@nestjs/swagger';
import { JobStatus, RoundPhase, type JobConfig, type JobView, type RoundFailure, type RoundMetrics, type RoundView } from '@fl/protocol';

export class RoundFailureDto implements RoundFailure {
  @ApiProperty() clientId!: string;
  @ApiProperty({ description: 'Protocol ErrorCode of a refused message, or DECLINED / DISCONNECTED / CANCELLED / DEADLINE_PASSED.' }) code!: string;
  @ApiProperty() reason!: string;
}

export class RoundMetricsDto implements RoundMetrics {
  @ApiProperty({ type: Number, nullable: true, description: 'Example-weighted mean training loss of the aggregated clients.' }) trainLoss!: number | null;
  @ApiProperty({ type: Number, nullable: true }) trainAccuracy!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Example-weighted federated evaluation of the new model.' }) evalLoss!: number | null;
  @ApiProperty({ type: Number, nullable: true }) evalAccuracy!: number | null;
  @ApiProperty({ description: 'Σ n_k behind the aggregate.' }) examples!: number;
}

export class RoundViewDto implements RoundView {
  @ApiProperty() round!: number;
  @ApiProperty() attempt!: number;
  @ApiProperty({ enum: Object.values(RoundPhase) }) phase!: RoundPhase;
  @ApiProperty({ type: [String] }) cohort!: string[];
  @ApiProperty({ type: [String] }) participants!: string[];
  @ApiProperty({ type: [RoundFailureDto] }) failures!: RoundFailure[];
  @ApiProperty({ type: RoundMetricsDto, nullable: true }) metrics!: RoundMetrics | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) seconds!: number | null;
  @ApiProperty({ type: String, nullable: true }) failureReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) phaseDeadline!: string | null;
}

export class JobViewDto implements JobView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: Object.values(JobStatus) }) status!: JobStatus;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The complete job configuration, defaults filled.' }) config!: JobConfig;
  @ApiProperty() currentRound!: number;
  @ApiProperty() completedRounds!: number;
  @ApiProperty({ type: [RoundViewDto] }) rounds!: RoundView[];
  @ApiProperty() modelHash!: string;
  @ApiProperty() parameterCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) statusReason!: string | null;
}
