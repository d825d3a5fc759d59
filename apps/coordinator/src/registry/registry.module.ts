/**
 * @module registry/registry.module
 * The model registry: versions, lineage, TF.js export/import, promotion.
 */
import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { RegistryController } from './registry.controller';
import { RegistryService } from './registry.service';

@Module({
  imports: [ModelsModule],
  providers: [RegistryService],
  controllers: [RegistryController],
  exports: [RegistryService],
})
export class RegistryModule {}
