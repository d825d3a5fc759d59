/**
 * @module models/model-build.worker
 * Worker thread behind `ModelBuilder`: builds, serializes and hashes models
 * ({@link buildModelBytes}) so that a large model's TF.js build, seeded
 * initialisation, weight checks and SHA-256 never run on the coordinator's
 * event loop. The bytes go back transferred, not copied.
 */
import { parentPort } from 'node:worker_threads';
import type { ModelBuildReply, ModelBuildRequest } from './model-build-messages';
import { buildModelBytes, ModelBuildError } from './model-build';
import { lowerThisThread } from '../common/thread-priority';

lowerThisThread(); // the event loop's thread keeps the CPU when cores are short

const port = parentPort;
if (!port) throw new Error('model-build.worker must run in a worker thread');

port.on('message', (r: ModelBuildRequest & { id: number }) => {
  buildModelBytes(r).then(
    (m) => port.postMessage({ id: r.id, ok: true, ...m } satisfies ModelBuildReply, [m.serialized.buffer as ArrayBuffer]),
    (e: unknown) => {
      const kind = e instanceof ModelBuildError ? e.kind : 'internal';
      port.postMessage({ id: r.id, ok: false, kind, message: e instanceof Error ? e.message : String(e) } satisfies ModelBuildReply);
    },
  );
});
