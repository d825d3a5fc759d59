/**
 * @module @fl/coordinator
 * Embedding API: build or start a coordinator in-process (tests, scripts).
 */
export { createApp, startApp, listeningLine, type CreateAppOptions } from './app.factory';
export { parseConfig, defaultConfig } from './config/config.parser';
export { ConfigError } from './config/config.error';
export type { CoordinatorConfig } from './config/coordinator-config';
export type { Clock } from './common/clock';
