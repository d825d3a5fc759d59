/**
 * @module config/config.module
 * Global module for the runtime environment: the boot-time
 * {@link CoordinatorConfig} (`COORDINATOR_CONFIG`) and the {@link Clock}
 * (`CLOCK`, the system clock unless the embedder passes another, e.g. tests).
 */
import { DynamicModule, Global, Module } from '@nestjs/common';
import { CLOCK, systemClock, type Clock } from '../common/clock';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from './coordinator-config';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: CoordinatorConfig, clock: Clock = systemClock): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: COORDINATOR_CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
      ],
      exports: [COORDINATOR_CONFIG, CLOCK],
    };
  }
}
