/**
 * @module rounds/rounds.module
 * The round engine: per-job runners, task routing, job events. The clock
 * comes from the global ConfigModule.
 */
import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { ModelsModule } from '../models/models.module';
import { EvaluationModule } from '../evaluation/evaluation.module';
import { JobEventsService } from './job-events.service';
import { RoundsService } from './rounds.service';

@Module({
  imports: [ClientsModule, ModelsModule, EvaluationModule],
  providers: [JobEventsService, RoundsService],
  exports: [RoundsService, JobEventsService],
})
export class RoundsModule {}
