/**
 * @module bulk/bulk.module
 * The bulk channel: model downloads and update uploads over HTTP, off the event loop.
 */
import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { ModelsModule } from '../models/models.module';
import { RoundsModule } from '../rounds/rounds.module';
import { BulkChannel } from './bulk-channel';

@Module({
  imports: [ClientsModule, ModelsModule, RoundsModule],
  providers: [BulkChannel],
  exports: [BulkChannel],
})
export class BulkModule {}
