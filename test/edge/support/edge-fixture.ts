/**
 * @module test/edge/support/edge-fixture
 * Shared pieces of the edge e2e tests: the tools' process helpers (real
 * coordinator and fl-client processes from the built dist), a scratch
 * directory, a poller, and the JSON lines a client prints with `--json`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Child } from '../../../apps/tools/src/proc/children';

export { Children } from '../../../apps/tools/src/proc/children';
export { startCoordinator } from '../../../apps/tools/src/proc/coordinator';
export { startClients, withEnrollment } from '../../../apps/tools/src/proc/edge-clients';
export { freePort } from '../../../apps/tools/src/proc/free-port';
export { ApiClient, followJob } from '@fl/api-client';
export { waitForClients } from '../../../apps/tools/src/api/wait-for-clients';
export { REPO_ROOT } from '../../../apps/tools/src/proc/paths';

export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `fl-e2e-${prefix}-`));
}

/** Polls `fn` every 100 ms until it returns a truthy value; rejects after `ms`. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 30_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every JSON object the child prints on stdout, as it prints them. */
export function jsonLines(child: Child): Array<Record<string, unknown>> {
  const seen: Array<Record<string, unknown>> = [];
  child.onLine((line, stream) => {
    if (stream !== 'stdout' || !line.startsWith('{')) return;
    try {
      seen.push(JSON.parse(line));
    } catch {
      /* not JSON */
    }
  });
  return seen;
}
