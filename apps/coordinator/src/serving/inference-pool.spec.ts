import { Worker } from 'node:worker_threads';
import { InferencePool, PoolBusyError, type ModelSource } from './inference-pool';

/** A stand-in worker: "predicts" 2·x, counts its batches, and reports which models it was sent; dies on model "crash". */
const FAKE = `
const { parentPort } = require('node:worker_threads');
const loaded = new Set();
parentPort.on('message', (m) => {
  if (m.hash === 'crash') process.exit(3);
  if (m.kind === 'evict') { for (const h of m.hashes) loaded.delete(h); return; }
  if (m.model) loaded.add(m.hash);
  if (!loaded.has(m.hash)) return parentPort.postMessage({ kind: 'failed', id: m.id, message: 'not loaded', missingModel: true });
  if (m.kind === 'load') return parentPort.postMessage({ kind: 'loaded', id: m.id, inputShape: [2], outputShape: [2] });
  if (m.kind === 'evaluate') {
    if (m.data === 'missing') return parentPort.postMessage({ kind: 'failed', id: m.id, message: 'no such data' });
    return setTimeout(() => parentPort.postMessage({ kind: 'evaluated', id: m.id, loss: m.data.length, accuracy: 0.5, numExamples: 7, seconds: 0.01 }), 20);
  }
  const out = new Float32Array(m.inputs.length);
  for (let i = 0; i < out.length; i++) out[i] = 2 * m.inputs[i] + (m.batch > 1 ? 1000 : 0);
  setTimeout(() => parentPort.postMessage({ kind: 'predicted', id: m.id, outputs: out }), 20);
});
parentPort.postMessage({ kind: 'ready', backend: 'fake' });
`;

const model = (hash: string): ModelSource => ({ hash, bytes: 10, payload: () => ({ topology: {}, bytes: new Uint8Array(1) }) });

describe(InferencePool.name, () => {
  let pool: InferencePool;
  afterEach(async () => {
    await pool.close();
  });

  it('batches queued requests for the same model into one predict and gives each caller its rows', async () => {
    // Prepare
    pool = new InferencePool({ workers: 1, spawn: () => new Worker(FAKE, { eval: true }), maxQueue: 10, maxBatch: 8, cacheModels: 2, cacheBytes: 100 });
    expect(await pool.shapes(model('a'))).toEqual({ inputShape: [2], outputShape: [2] });
    // Execute: the first runs alone, the next two wait and go together.
    const [r1, r2, r3] = await Promise.all([pool.predict(model('a'), new Float32Array([1, 2]), 1), pool.predict(model('a'), new Float32Array([3, 4]), 1), pool.predict(model('a'), new Float32Array([5, 6]), 1)]);
    // Assert
    expect(Array.from(r1)).toEqual([2, 4]);
    expect(Array.from(r2)).toEqual([1006, 1008]);
    expect(Array.from(r3)).toEqual([1010, 1012]);
  });

  it('reloads a model the LRU evicted, and refuses requests past the queue bound with PoolBusyError', async () => {
    pool = new InferencePool({ workers: 1, spawn: () => new Worker(FAKE, { eval: true }), maxQueue: 2, maxBatch: 1, cacheModels: 1, cacheBytes: 100 });
    await pool.predict(model('a'), new Float32Array([1, 1]), 1);
    await pool.predict(model('b'), new Float32Array([1, 1]), 1); // evicts a
    expect(Array.from(await pool.predict(model('a'), new Float32Array([1, 1]), 1))).toEqual([2, 2]);
    const first = pool.predict(model('a'), new Float32Array([1, 1]), 1); // running
    const queued = [pool.predict(model('a'), new Float32Array([1, 1]), 1), pool.predict(model('a'), new Float32Array([1, 1]), 1)];
    await expect(pool.predict(model('a'), new Float32Array([1, 1]), 1)).rejects.toBeInstanceOf(PoolBusyError);
    await Promise.all([first, ...queued]);
  });

  it('runs an evaluation as one request of its own, between predicts, and reports a worker failure', async () => {
    // Prepare
    pool = new InferencePool({ workers: 1, spawn: () => new Worker(FAKE, { eval: true }), maxQueue: 10, maxBatch: 8, cacheModels: 2, cacheBytes: 100 });
    await pool.shapes(model('a')); // the worker is ready
    // Execute: a predict runs, then the evaluation, then the next predicts batched together.
    const p1 = pool.predict(model('a'), new Float32Array([1, 1]), 1);
    const e = pool.evaluate(model('a'), 'mnist?tail=7');
    const rest = [pool.predict(model('a'), new Float32Array([1, 1]), 1), pool.predict(model('a'), new Float32Array([1, 1]), 1)];
    // Assert
    expect(await e).toEqual({ loss: 'mnist?tail=7'.length, accuracy: 0.5, numExamples: 7, seconds: 0.01 });
    expect(Array.from(await p1)).toEqual([2, 2]);
    expect((await Promise.all(rest)).map((r) => Array.from(r))).toEqual([[1002, 1002], [1002, 1002]]);
    await expect(pool.evaluate(model('a'), 'missing')).rejects.toThrow('no such data');
  });

  it('fails the request of a worker that dies and serves the next requests on its replacement', async () => {
    // Prepare
    pool = new InferencePool({ workers: 1, spawn: () => new Worker(FAKE, { eval: true }), maxQueue: 10, maxBatch: 8, cacheModels: 2, cacheBytes: 100 });
    await pool.shapes(model('a'));
    // Execute: the worker dies on the first request; the queued one waits for the replacement.
    const dead = pool.predict(model('crash'), new Float32Array([1, 1]), 1);
    const next = pool.predict(model('a'), new Float32Array([1, 2]), 1);
    // Assert
    await expect(dead).rejects.toThrow('inference worker failed: inference worker exited with code 3');
    expect(Array.from(await next)).toEqual([2, 4]);
    expect(pool.backends).toEqual(['fake']);
  });
});
