/**
 * @module @fl/api-client
 * Typed REST + admin-socket client of the coordinator (CLI, tools,
 * dashboard, tests). Platform-free: depends only on `@fl/protocol` and
 * `socket.io-client`.
 */
export * from './api-error';
export * from './http';
export * from './types';
export * from './api-client';
export * from './admin-socket';
export * from './follow-job';
export * from './round-printer';
export * from './resources/jobs';
export * from './resources/models';
export * from './resources/clients';
export * from './resources/enrollment';
export * from './resources/tokens';
export * from './resources/auth';
export * from './resources/system';
