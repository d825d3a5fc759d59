/**
 * @module jobs/dto/job-view.dto
 * Swagger description of {@link JobView} and {@link RoundView} (responses only).
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RoundMetricsDto } from '../../common/dto/round-metrics.dto';
import { RoundEvaluationSummaryDto } from '../../common/dto/evaluation.dto';
import { JobStatus, MEMBER_STATES, type MemberState, type MemberStep, type RoundMember, RoundPhase, SECAGG_STAGES, SECAGG_THREAT_MODELS, type JobConfig, type JobView, type QuarantinedClient, type RefusedSumView, type SuspectClient, type RoundEvaluationSummary, type RoundFailure, type RoundMetrics, type RoundView, type SecAggRoundView, type SecAggStageName, type SecAggThreatModel, UPDATE_BOUND_ACTIONS, UPDATE_BOUND_RULES, type UpdateBoundAction, type UpdateBoundRule, type UpdateBoundView, type PrivacyLedgerView, type RoundPrivacyView } from '@fl/protocol';

export class RoundFailureDto implements RoundFailure {
  @ApiProperty() clientId!: string;
  @ApiProperty({ description: 'Protocol ErrorCode of a refused message, or DECLINED / DISCONNECTED / CANCELLED / DEADLINE_PASSED.' }) code!: string;
  @ApiProperty() reason!: string;
}

export class SecAggRoundViewDto implements SecAggRoundView {
  @ApiProperty({ enum: SECAGG_THREAT_MODELS }) threatModel!: SecAggThreatModel;
  @ApiProperty({ enum: SECAGG_STAGES, nullable: true, description: 'Stage being collected; null before it starts and after it ends.' }) stage!: SecAggStageName | null;
  @ApiProperty({ description: 'Cohort size n (U0).' }) n!: number;
  @ApiProperty({ description: 'Graph degree k (n − 1 = complete graph).' }) k!: number;
  @ApiProperty({ description: 'Threshold t: fewer survivors and the round fails.' }) t!: number;
  @ApiProperty({ description: 'Clients still in the protocol at the current stage.' }) survivors!: number;
  @ApiProperty({ description: 'Clients dropped after sharing keys whose masks were removed.' }) dropped!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Largest per-client fraction of clipped coordinates.' }) maxClipFraction!: number | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Seconds per stage so far.' }) stageSeconds!: Partial<Record<SecAggStageName, number>>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'number' }, description: 'Per closed stage: members that answered it (compare with t).' }) stageSurvivors?: Partial<Record<SecAggStageName, number>>;
}

export class UpdateBoundViewDto implements UpdateBoundView {
  @ApiProperty({ enum: UPDATE_BOUND_ACTIONS }) action!: UpdateBoundAction;
  @ApiProperty({ enum: UPDATE_BOUND_RULES }) rule!: UpdateBoundRule;
  @ApiProperty({ type: Number, nullable: true, description: 'The L2 bound this attempt applied (null when off).' }) bound!: number | null;
  @ApiProperty({ description: 'Updates whose norm was measured.' }) measured!: number;
  @ApiProperty({ description: 'Updates scaled down to the bound.' }) clipped!: number;
  @ApiProperty({ description: 'Updates refused for exceeding the bound (UPDATE_TOO_LARGE).' }) refused!: number;
  @ApiProperty({ type: Number, nullable: true }) maxNorm!: number | null;
  @ApiProperty({ type: Number, nullable: true }) medianNorm!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The bound the next round uses.' }) nextBound!: number | null;
}

export class MemberStepDto implements MemberStep {
  @ApiProperty({ enum: MEMBER_STATES }) state!: MemberState;
  @ApiProperty({ description: 'Milliseconds since the attempt started.' }) at!: number;
  @ApiProperty({ required: false, description: 'Error code of a refused, timed-out, dropped or declined step.' }) code?: string;
}

export class RoundMemberDto implements RoundMember {
  @ApiProperty() clientId!: string;
  @ApiProperty({ type: [MemberStepDto] }) steps!: MemberStep[];
}

export class RefusedSumViewDto implements RefusedSumView {
  @ApiProperty({ description: 'WEIGHT_MISMATCH or SUM_OUT_OF_RANGE.' }) code!: string;
  @ApiProperty({ type: [String], description: 'The survivors whose masked inputs made the refused sum, sorted.' }) contributors!: string[];
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
  @ApiProperty({ type: SecAggRoundViewDto, nullable: true, description: 'Secure aggregation status; null for plain rounds.' }) secureAggregation!: SecAggRoundView | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'Seconds spent in each phase so far.' }) phaseSeconds!: Partial<Record<RoundPhase, number>>;
  @ApiProperty({ type: UpdateBoundViewDto, nullable: true, required: false, description: 'Plain rounds: what the L2 update bound did (clipped, refused).' }) updateBound?: UpdateBoundView | null;
  @ApiPropertyOptional({ type: 'object', nullable: true, additionalProperties: true, description: 'DP jobs: the mode, the contributors whose update (and noise) is in the released sum, and that sum’s noise stddev per coordinate.' }) privacy?: RoundPrivacyView | null;
  @ApiProperty({ type: RoundEvaluationSummaryDto, nullable: true, required: false, description: 'A completed, evaluated round: federated and centralized results (per-client rows: GET /api/jobs/{id}/evaluations).' })
  evaluation?: RoundEvaluationSummary | null;
  @ApiProperty({ type: [RoundMemberDto], required: false, description: 'Each train-cohort member\'s steps through the attempt (the dashboard\'s timeline).' }) members?: RoundMember[];
  @ApiProperty({ type: RefusedSumViewDto, nullable: true, required: false, description: 'A secure attempt whose unmasked sum was refused: its code and contributors (screened by later cohorts, nobody blamed).' }) refusedSum?: RefusedSumView | null;
}

export class SuspectClientDto implements SuspectClient {
  @ApiProperty() clientId!: string;
  @ApiProperty({ description: 'Round of the refused attempt it is suspected from.' }) round!: number;
  @ApiProperty({ description: 'Attempt of the refused attempt.' }) attempt!: number;
  @ApiProperty({ description: 'WEIGHT_MISMATCH or SUM_OUT_OF_RANGE.' }) code!: string;
}

export class QuarantinedClientDto implements QuarantinedClient {
  @ApiProperty() clientId!: string;
  @ApiProperty({ description: 'Round of the conviction.' }) round!: number;
  @ApiProperty({ description: 'Attempt of the conviction.' }) attempt!: number;
  @ApiProperty() reason!: string;
}

export class JobViewDto implements JobView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: Object.values(JobStatus) }) status!: JobStatus;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The complete job configuration, defaults filled.' }) config!: JobConfig;
  @ApiProperty() currentRound!: number;
  @ApiProperty() completedRounds!: number;
  @ApiProperty({ type: [RoundViewDto] }) rounds!: RoundView[];
  @ApiProperty() modelHash!: string;
  @ApiProperty({ description: 'Registry id of the current global model version.' }) modelVersionId!: string;
  @ApiProperty() parameterCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) statusReason!: string | null;
  @ApiProperty({ type: [QuarantinedClientDto], description: 'Clients convicted of misbehaving in secure aggregation (SECAGG_MISBEHAVED): never picked again for this job.' }) quarantined!: QuarantinedClient[];
  @ApiProperty({ type: [SuspectClientDto], required: false, description: 'Clients its cohorts currently screen: in a refused secure sum and not in a completed attempt since (docs/secure-aggregation.md "Screening suspects"). Not a conviction.' }) suspects?: SuspectClient[];
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true, description: 'DP jobs: the privacy ledger (mode, budget, δ, z, S, q, rounds charged, ε spent, the next round’s ε); null otherwise.' }) privacy!: PrivacyLedgerView | null;
}
