/**
 * @module jobs/jobs.module
 * REST use cases for federated jobs.
 */
import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { RoundsModule } from '../rounds/rounds.module';
import { RegistryModule } from '../registry/registry.module';
import { ClientsModule } from '../clients/clients.module';
import { JobsController } from './jobs.controller';
import { JobsService } from './jobs.service';

@Module({
  imports: [ModelsModule, RoundsModule, RegistryModule, ClientsModule],
  providers: [JobsService],
  controllers: [JobsController],
})
export class JobsModule {}
