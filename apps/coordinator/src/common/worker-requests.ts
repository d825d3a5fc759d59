/**
 * @module common/worker-requests
 * The request/reply plumbing between the event loop and one worker thread:
 * `WorkerRequests`, defined once in `@fl/fl-core/node` (the edge client's
 * simulation pool uses it too) and re-exported here for the coordinator's
 * worker helpers.
 */
export { WorkerRequests } from '@fl/fl-core/node';
