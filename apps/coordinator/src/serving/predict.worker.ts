/**
 * @module serving/predict.worker
 * Entry of one inference worker thread: selects the best TF.js backend
 * (`selectBackend('auto')`: tfjs-node, else wasm, else cpu), then loads
 * models (topology + FLW1 weights) and runs `model.predict` on batches,
 * keeping the models the pool tells it to keep. It also evaluates a model on
 * a dataset named by a data spec (centralized evaluation, docs/evaluation.md;
 * the last dataset loaded is kept for the next version). Runs only as a worker
 * (`node:worker_threads`), never on the coordinator's event loop.
 */
import { parentPort } from 'node:worker_threads';
import type * as tf from '@tensorflow/tfjs';
import type { FromWorker, ModelPayload, ToWorker } from './worker-messages';
import { lowerThisThread } from '../common/thread-priority';

lowerThisThread(); // the event loop's thread keeps the CPU when cores are short

type Trainer = typeof import('@fl/trainer-tfjs/node');

const port = parentPort;
if (!port) throw new Error('predict.worker must run in a worker thread');

const models = new Map<string, tf.LayersModel>();
/** The last evaluation dataset, by its data spec (a job evaluates every version on the same one). */
let evalData: { spec: string; data: Promise<import('@fl/trainer-tfjs').Dataset> } | null = null;
let trainer: Trainer;
let tfjs: typeof import('@tensorflow/tfjs');

function send(m: FromWorker, transfer: ArrayBuffer[] = []): void {
  port!.postMessage(m, transfer);
}

function load(hash: string, payload: ModelPayload | undefined): Promise<tf.LayersModel> | tf.LayersModel {
  const cached = models.get(hash);
  if (cached) return cached;
  if (!payload) throw Object.assign(new Error(`model ${hash} is not loaded in this worker`), { missingModel: true });
  return (async () => {
    const { deserializeWeights } = await import('@fl/fl-core');
    const model = await trainer.buildModel({ layers: payload.topology });
    trainer.setModelWeights(model, deserializeWeights(payload.bytes));
    // The first call on a backend compiles / allocates; do it now, not in a request.
    tfjs.tidy(() => model.predict(tfjs.zeros([1, ...(model.inputs[0].shape.slice(1).map((d) => d ?? 1) as number[])])));
    models.set(hash, model);
    return model;
  })();
}

async function handle(m: ToWorker): Promise<void> {
  if (m.kind === 'evict') {
    for (const h of m.hashes) {
      models.get(h)?.dispose();
      models.delete(h);
    }
    return;
  }
  try {
    const model = await load(m.hash, m.model);
    if (m.kind === 'load') {
      send({ kind: 'loaded', id: m.id, inputShape: model.inputs[0].shape.slice(1), outputShape: model.outputs[0].shape.slice(1) });
      return;
    }
    if (m.kind === 'evaluate') {
      const started = performance.now();
      if (evalData?.spec !== m.data) {
        const data = trainer.loadDataSpec(m.data).then((d) => d.train);
        data.catch(() => undefined);
        evalData = { spec: m.data, data };
      }
      let data;
      try {
        data = await evalData.data;
      } catch (e) {
        evalData = null; // retry the load for the next version (the file may appear)
        throw e;
      }
      const r = trainer.evaluate(model, data);
      send({ kind: 'evaluated', id: m.id, loss: r.loss, accuracy: r.accuracy, numExamples: r.numExamples, seconds: (performance.now() - started) / 1000 });
      return;
    }
    const shape = model.inputs[0].shape.slice(1) as number[];
    const out = tfjs.tidy(() => model.predict(tfjs.tensor(m.inputs, [m.batch, ...shape], 'float32')) as tf.Tensor);
    try {
      // A copy: some backends hand out the tensor's own storage.
      const outputs = new Float32Array((await out.data()) as Float32Array);
      send({ kind: 'predicted', id: m.id, outputs }, [outputs.buffer as ArrayBuffer]);
    } finally {
      out.dispose();
    }
  } catch (e) {
    send({ kind: 'failed', id: m.id, message: (e as Error).message, missingModel: (e as { missingModel?: boolean }).missingModel });
  }
}

async function main(): Promise<void> {
  trainer = await import('@fl/trainer-tfjs/node');
  tfjs = await import('@tensorflow/tfjs');
  const backend = await trainer.selectBackend('auto');
  // One message at a time: the pool sends the next only after the answer.
  let chain = Promise.resolve();
  port!.on('message', (m: ToWorker) => {
    chain = chain.then(() => handle(m));
  });
  send({ kind: 'ready', backend });
}

main().catch((e) => send({ kind: 'fatal', message: (e as Error).message }));
