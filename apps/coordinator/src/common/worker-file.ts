/**
 * @module common/worker-file
 * Where a compiled worker-thread entry is. Worker threads run JavaScript, so
 * when the coordinator itself runs from its TypeScript sources (Jest), the
 * worker comes from the build output (`npm run build`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const candidates = (rel: string): string[] => [join(__dirname, '..', rel), join(__dirname, '..', '..', 'dist', rel)];

/**
 * The compiled file of a worker entry, `rel` relative to the app's source
 * root (e.g. `serving/predict.worker.js`): next to this module when it runs
 * compiled, else in `apps/coordinator/dist`; null when not built.
 */
export function findWorkerFile(rel: string): string | null {
  return candidates(rel).find((f) => existsSync(f)) ?? null;
}

/** As {@link findWorkerFile}. @throws Error naming the fix when not built. */
export function workerFile(rel: string): string {
  const found = findWorkerFile(rel);
  if (!found) throw new Error(`the worker ${rel} is not built (looked for ${candidates(rel).join(', ')}); run npm run build`);
  return found;
}
