/**
 * @module jobs/dto/create-job.dto
 * `POST /api/jobs` body. Only `model` and `dataset` are required; every other
 * field is optional because it has a documented default (see job-defaults).
 * Per-field ranges are checked here; cross-field rules (minClients ≤
 * clientsPerRound, builtin xor layers, params only for synthetic, strategy
 * options) in job-config.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsInt, IsObject, IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { MAX_DATA_SPEC_LENGTH, MAX_NAME_LENGTH, type CreateJobRequest } from '@fl/protocol';
import { ModelSpecDto } from './model-spec.dto';
import { StrategyConfigDto } from './strategy-config.dto';
import { SecureAggregationDto } from './secure-aggregation.dto';
import { UpdateBoundDto } from './update-bound.dto';
import { PrivacyDto } from './privacy.dto';
import { JOB_DEFAULTS, MAX_EXAMPLES_PER_CLIENT_DEFAULT } from '../job-defaults';

const finite = { allowNaN: false, allowInfinity: false } as const;
const WEEK_S = 7 * 24 * 3600;

export class CreateJobDto implements CreateJobRequest {
  /** Optional: defaults to `<dataset>-<model>`. */
  @ApiPropertyOptional({ maxLength: MAX_NAME_LENGTH })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_NAME_LENGTH)
  name?: string;

  @ApiProperty({ type: ModelSpecDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ModelSpecDto)
  model!: ModelSpecDto;

  @ApiProperty({ maxLength: MAX_NAME_LENGTH, description: 'Dataset name clients must hold, e.g. mnist.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_NAME_LENGTH)
  dataset!: string;

  @ApiPropertyOptional({ default: JOB_DEFAULTS.rounds, minimum: 1, maximum: 100_000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  rounds?: number;

  @ApiPropertyOptional({ default: JOB_DEFAULTS.clientsPerRound, minimum: 1, maximum: 100_000, description: 'Target number of updates per round.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  clientsPerRound?: number;

  @ApiPropertyOptional({ description: 'Fewest updates with which a round completes. Default min(2, clientsPerRound).', minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  minClients?: number;

  @ApiPropertyOptional({ default: JOB_DEFAULTS.overSelection, minimum: 0, maximum: 4, description: 'Extra fraction sampled beyond clientsPerRound.' })
  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  @Max(4)
  overSelection?: number;

  @ApiPropertyOptional({ default: JOB_DEFAULTS.roundDeadlineSeconds, minimum: 0.05, maximum: WEEK_S })
  @IsOptional()
  @IsNumber(finite)
  @Min(0.05)
  @Max(WEEK_S)
  roundDeadlineSeconds?: number;

  @ApiPropertyOptional({ default: JOB_DEFAULTS.waitForClientsSeconds, minimum: 0, maximum: WEEK_S })
  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  @Max(WEEK_S)
  waitForClientsSeconds?: number;

  @ApiPropertyOptional({ default: JOB_DEFAULTS.maxRoundRetries, minimum: 0, maximum: 1000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  maxRoundRetries?: number;

  @ApiPropertyOptional({ default: JOB_DEFAULTS.localEpochs, minimum: 1, maximum: 10_000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  localEpochs?: number;

  @ApiPropertyOptional({ default: JOB_DEFAULTS.batchSize, minimum: 1, maximum: 1_000_000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  batchSize?: number;

  @ApiPropertyOptional({ default: JOB_DEFAULTS.learningRate, exclusiveMinimum: true, minimum: 0, maximum: 100 })
  @IsOptional()
  @IsNumber(finite)
  @Min(Number.MIN_VALUE)
  @Max(100)
  learningRate?: number;

  @ApiPropertyOptional({ default: JOB_DEFAULTS.momentum, minimum: 0, maximum: 0.999, description: 'Client SGD momentum μ (PyTorch semantics: v = μv + g; w -= lr·v), fresh every round.' })
  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  @Max(0.999)
  momentum?: number;

  @ApiPropertyOptional({ default: JOB_DEFAULTS.weightDecay, minimum: 0, maximum: 1, description: 'Client L2 weight decay, added to the gradient (g + wd·w) as PyTorch’s SGD does.' })
  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  @Max(1)
  weightDecay?: number;

  @ApiPropertyOptional({ default: JOB_DEFAULTS.seed, minimum: 0, maximum: 2 ** 32 - 1 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2 ** 32 - 1)
  seed?: number;

  @ApiPropertyOptional({ type: StrategyConfigDto, default: JOB_DEFAULTS.strategy })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => StrategyConfigDto)
  strategy?: StrategyConfigDto;

  @ApiPropertyOptional({ default: JOB_DEFAULTS.evaluate, description: 'Federated evaluation of evaluated rounds by the cohort (false: none).' })
  @IsOptional()
  @IsBoolean()
  evaluate?: boolean;

  @ApiPropertyOptional({ default: JOB_DEFAULTS.evaluateEvery, minimum: 1, maximum: 100_000, description: 'Evaluate rounds k, 2k, … and always the last round.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  evaluateEvery?: number;

  @ApiPropertyOptional({ maxLength: MAX_DATA_SPEC_LENGTH, nullable: true, description: 'Held-out data spec the coordinator evaluates evaluated versions on, e.g. `fashion-mnist?split=test` or `mnist?tail=2000`; files only under --eval-data-dir.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_DATA_SPEC_LENGTH)
  evalData?: string | null;

  @ApiPropertyOptional({ type: SecureAggregationDto, description: 'Secure aggregation (on by default).' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => SecureAggregationDto)
  secureAggregation?: SecureAggregationDto;

  @ApiPropertyOptional({ default: MAX_EXAMPLES_PER_CLIENT_DEFAULT, minimum: 1, maximum: 2_147_483_647, description: 'Largest example count a client’s FedAvg weight counts, besides its enrolled cap.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  maxExamplesPerClient?: number;

  @ApiPropertyOptional({ type: UpdateBoundDto, description: 'Plain rounds: the L2 bound on each update (on by default: clip to 3 × the median norm).' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateBoundDto)
  updateBound?: UpdateBoundDto;

  @ApiPropertyOptional({ type: PrivacyDto, description: 'Differential privacy (off by default; docs/privacy.md): trusted-server DP-FedAvg with Poisson sampling, an RDP ledger and a budget that stops the job.' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PrivacyDto)
  privacy?: PrivacyDto;
}
