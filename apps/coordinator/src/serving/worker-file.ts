/**
 * @module serving/worker-file
 * Where the compiled inference worker is. Worker threads run JavaScript, so
 * when the coordinator itself runs from its TypeScript sources (Jest), the
 * worker comes from the build output (`npm run build`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function predictWorkerFile(): string {
  const candidates = [join(__dirname, 'predict.worker.js'), join(__dirname, '..', '..', 'dist', 'serving', 'predict.worker.js')];
  const found = candidates.find((f) => existsSync(f));
  if (!found) throw new Error(`the inference worker is not built (looked for ${candidates.join(', ')}); run npm run build`);
  return found;
}
