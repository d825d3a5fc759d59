/**
 * @module logging/logging.module
 * Global: the root pino logger (`ROOT_LOGGER`) for services that log with
 * structured context (the round engine's child loggers).
 */
import { DynamicModule, Global, Module } from '@nestjs/common';
import type { RootLogger } from './root-logger';

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: RootLogger): DynamicModule {
    return { module: LoggingModule, providers: [{ provide: ROOT_LOGGER, useValue: logger }], exports: [ROOT_LOGGER] };
  }
}
