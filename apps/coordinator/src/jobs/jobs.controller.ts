/**
 * @module jobs/jobs.controller
 * REST for federated jobs. Each method is one line into {@link JobsService}.
 */
import { Body, Controller, Delete, Get, HttpCode, Param, ParseBoolPipe, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags, ApiBearerAuth } from '@nestjs/swagger';
import type { JobEvaluations, JobView } from '@fl/protocol';
import { CreateJobDto } from './dto/create-job.dto';
import { GlobalModelDto } from './dto/global-model.dto';
import { JobViewDto } from './dto/job-view.dto';
import { DeletedJobDto } from './dto/deleted-job.dto';
import { JobEvaluationsDto } from './dto/job-evaluations.dto';
import { JobsService } from './jobs.service';
import { RaiseBudgetDto } from './dto/privacy.dto';
import { RequirePermission } from '../auth/permissions';

const Id = () => Param('id', new ParseUUIDPipe({ version: '4', errorHttpStatusCode: 404 }));

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Post()
  @RequirePermission('jobs:write')
  @ApiCreatedResponse({ type: JobViewDto, description: 'The job, defaults filled, status created.' })
  @ApiBadRequestResponse({ description: 'Every invalid field listed in `message`.' })
  create(@Body() dto: CreateJobDto): Promise<JobView> {
    return this.jobs.create(dto);
  }

  @Get()
  @RequirePermission('jobs:read')
  @ApiOkResponse({ type: JobViewDto, isArray: true })
  list(): Promise<JobView[]> {
    return this.jobs.list();
  }

  @Get(':id')
  @RequirePermission('jobs:read')
  @ApiOkResponse({ type: JobViewDto })
  @ApiNotFoundResponse()
  get(@Id() id: string): Promise<JobView> {
    return this.jobs.get(id);
  }

  @Get(':id/evaluations')
  @RequirePermission('jobs:read')
  @ApiOkResponse({ type: JobEvaluationsDto, description: 'Per evaluated round: federated means, per-client rows and the centralized result (docs/evaluation.md).' })
  @ApiNotFoundResponse()
  evaluations(@Id() id: string): Promise<JobEvaluations> {
    return this.jobs.evaluations(id);
  }

  @Post(':id/start')
  @RequirePermission('jobs:write')
  @HttpCode(200)
  @ApiOkResponse({ type: JobViewDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The job is not created or stopped.' })
  start(@Id() id: string): Promise<JobView> {
    return this.jobs.start(id);
  }

  @Post(':id/privacy/budget')
  @RequirePermission('privacy:write')
  @HttpCode(200)
  @ApiOkResponse({ type: JobViewDto, description: 'The job with its raised ε budget (admin only; audited). A job stopped at its budget can be started again.' })
  @ApiBadRequestResponse({ description: 'The job has no privacy settings, or the new ε is not larger than the budget.' })
  @ApiNotFoundResponse()
  raiseBudget(@Id() id: string, @Body() dto: RaiseBudgetDto): Promise<JobView> {
    return this.jobs.raiseBudget(id, dto.epsilon);
  }

  @Post(':id/stop')
  @RequirePermission('jobs:write')
  @HttpCode(200)
  @ApiOkResponse({ type: JobViewDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The job is not created or running.' })
  stop(@Id() id: string): Promise<JobView> {
    return this.jobs.stop(id);
  }

  @Delete(':id')
  @RequirePermission('jobs:write')
  @ApiQuery({ name: 'force', required: false, type: Boolean, description: 'Also delete the serving model version (default false: it is kept).' })
  @ApiOkResponse({ type: DeletedJobDto, description: 'The job and its model versions are gone, except the serving version unless force=true.' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The job is running: stop it first.' })
  // `boolean | string` (not `boolean`): the global ValidationPipe would turn any string into false before ParseBoolPipe sees it.
  remove(@Id() id: string, @Query('force', new ParseBoolPipe({ optional: true })) force?: boolean | string): Promise<DeletedJobDto> {
    return this.jobs.remove(id, force === true);
  }

  @Get(':id/model')
  @RequirePermission('jobs:read')
  @ApiOkResponse({ type: GlobalModelDto, description: 'The current global model; weights at /api/models/{hash}/weights.' })
  @ApiNotFoundResponse()
  model(@Id() id: string): Promise<GlobalModelDto> {
    return this.jobs.model(id);
  }
}
