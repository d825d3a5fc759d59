/**
 * @module serving/worker-file
 * Where the compiled inference worker is (see {@link workerFile}).
 */
import { workerFile } from '../common/worker-file';

export function predictWorkerFile(): string {
  return workerFile('serving/predict.worker.js');
}
