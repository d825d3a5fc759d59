/**
 * @module test/coordinator/support/plain
 * Job setting for tests of the plain (non-secure) update path: bad-update
 * refusals, chunking, stragglers. Secure aggregation is on by default.
 */
export const PLAIN = { enabled: false } as const;
