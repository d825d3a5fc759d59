/**
 * @module @fl/protocol
 * The wire contract between coordinator, edge clients and dashboard: event
 * maps, payload types, enums, limits and boundary validators. No runtime
 * dependencies.
 */
export * from './version';
export * from './limits';
export * from './bulk';
export * from './auth';
export * from './enums';
export * from './result';
export * from './events';
export * from './validate';
export * from './messages/model';
export * from './messages/register';
export * from './messages/task';
export * from './messages/update';
export * from './messages/admin';
export * from './job-updates';
export * from './messages/secagg';
export * from './rest/jobs';
export * from './rest/privacy';
export * from './rest/evaluations';
export * from './rest/clients';
export * from './rest/round-members';
export * from './rest/models';
export * from './rest/auth';
export * from './rest/enrollment';
export * from './rest/health';
