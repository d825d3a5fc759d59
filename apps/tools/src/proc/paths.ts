/**
 * @module proc/paths
 * Where the built entry points live, relative to the repository root (this
 * file compiles to `apps/tools/dist/proc/paths.js`).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../../..');
export const COORDINATOR_MAIN = join(REPO_ROOT, 'apps/coordinator/dist/main.js');
/** `fl-coordinator`: starts COORDINATOR_MAIN with the tuned runtime settings. */
export const COORDINATOR_LAUNCHER = join(REPO_ROOT, 'apps/coordinator/bin/fl-coordinator');
export const CLIENT_MAIN = join(REPO_ROOT, 'apps/edge-client/dist/main.js');
/** `simulate`: many virtual clients in one process (docs/simulation.md). */
export const SIMULATE_MAIN = join(REPO_ROOT, 'apps/edge-client/dist/simulate.js');

/** Throws a clear error when a built entry point is missing. */
export function requireBuilt(...files: string[]): void {
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length) {
    throw Object.assign(new Error(`not built: ${missing.join(', ')} — run \`npm run build\` at the repository root`), { code: 'NOT_BUILT' });
  }
}
