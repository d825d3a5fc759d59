/**
 * @module serving/serving.module
 * Model serving: predict on registry versions in inference worker threads.
 */
import { Module } from '@nestjs/common';
import { RegistryModule } from '../registry/registry.module';
import { ServingController } from './serving.controller';
import { ServingService } from './serving.service';

@Module({
  imports: [RegistryModule],
  providers: [ServingService],
  controllers: [ServingController],
  exports: [ServingService],
})
export class ServingModule {}
