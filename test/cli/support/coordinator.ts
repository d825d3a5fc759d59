/**
 * @module test/cli/support/coordinator
 * The real coordinator (in-process, see test/coordinator/support/harness)
 * and the admin token it was started with, for `fl`.
 */
import { startHarness, type Harness } from '../../coordinator/support/harness';

export async function startWithAdmin(): Promise<{ h: Harness; token: string }> {
  const h = await startHarness();
  return { h, token: h.adminToken };
}
