/**
 * @module health/health.module
 */
import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients/clients.module';
import { BulkModule } from '../bulk/bulk.module';
import { HealthController } from './health.controller';
import { EventLoopMonitor } from './event-loop.monitor';

@Module({ imports: [ClientsModule, BulkModule], providers: [EventLoopMonitor], controllers: [HealthController], exports: [EventLoopMonitor] })
export class HealthModule {}
