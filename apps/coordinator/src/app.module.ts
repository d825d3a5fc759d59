/**
 * @module app.module
 * Composition root: one Nest module per folder.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module';
import type { CoordinatorConfig } from './config/coordinator-config';
import type { Clock } from './common/clock';
import { PersistenceModule } from './persistence/persistence.module';
import { ClientsModule } from './clients/clients.module';
import { ModelsModule } from './models/models.module';
import { RoundsModule } from './rounds/rounds.module';
import { JobsModule } from './jobs/jobs.module';
import { GatewayModule } from './gateway/gateway.module';
import { HealthModule } from './health/health.module';
import { RegistryModule } from './registry/registry.module';
import { ServingModule } from './serving/serving.module';
import { BulkModule } from './bulk/bulk.module';
import { AuthModule } from './auth/auth.module';
import { LoggingModule } from './logging/logging.module';
import type { RootLogger } from './logging/root-logger';
import { MetricsCoreModule } from './metrics/metrics-core.module';
import { MetricsModule } from './metrics/metrics.module';

@Module({})
export class AppModule {
  static forRoot(config: CoordinatorConfig, logger: RootLogger, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config, clock), LoggingModule.forRoot(logger), MetricsCoreModule, PersistenceModule, AuthModule, ClientsModule, ModelsModule, RoundsModule, JobsModule, RegistryModule, ServingModule, BulkModule, GatewayModule, HealthModule, MetricsModule],
    };
  }
}
