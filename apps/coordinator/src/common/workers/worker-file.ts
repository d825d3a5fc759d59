/**
 * @module common/workers/worker-file
 * Where a compiled worker script is. Worker threads run JavaScript, so when
 * the coordinator itself runs from its TypeScript sources (Jest), the worker
 * comes from the build output (`npm run build`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** `<dist>/<folder>/<name>`, found from this module's own folder in `src/` or `dist/`; null when not built. */
export function findWorkerFile(folder: string, name: string): string | null {
  return candidates(folder, name).find((f) => existsSync(f)) ?? null;
}

/** As `findWorkerFile`, but a missing file is an error that says how to fix it. */
export function workerFile(folder: string, name: string): string {
  const found = findWorkerFile(folder, name);
  if (!found) throw new Error(`the worker ${folder}/${name} is not built (looked for ${candidates(folder, name).join(', ')}); run npm run build`);
  return found;
}

function candidates(folder: string, name: string): string[] {
  const root = join(__dirname, '..', '..'); // src/ or dist/
  return [join(root, folder, name), join(root, '..', 'dist', folder, name)];
}
