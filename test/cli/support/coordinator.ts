/**
 * @module test/cli/support/coordinator
 * The real coordinator (in-process, see test/coordinator/support/harness)
 * with an admin token for `fl`. MERGER: this is the one place that knows how
 * the coordinator under test gets its first admin token; the config key
 * `bootstrapAdminToken` is an assumption about the admin-auth work (a
 * coordinator without auth ignores it and the header). If the harness
 * exposes its own token as `adminToken`, that one is used.
 */
import { randomBytes } from 'node:crypto';
import type { CoordinatorConfig } from '../../../apps/coordinator/src/config/coordinator-config';
import { startHarness, type Harness } from '../../coordinator/support/harness';

export async function startWithAdmin(): Promise<{ h: Harness; token: string }> {
  const token = `fl_e2e_${randomBytes(24).toString('hex')}`;
  const h = await startHarness({ bootstrapAdminToken: token } as unknown as Partial<CoordinatorConfig>);
  const own = (h as unknown as { adminToken?: unknown }).adminToken;
  return { h, token: typeof own === 'string' ? own : token };
}
