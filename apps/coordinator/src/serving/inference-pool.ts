/**
 * @module serving/inference-pool
 * A small pool of inference worker threads with one queue in front.
 *
 * - Each worker runs one request at a time; a request waits in the queue
 *   (bounded: past `maxQueue` waiting requests, {@link PoolBusyError}).
 * - Dynamic batching: when a worker frees up it takes the oldest request and
 *   every other queued request for the same model, up to `maxBatch`
 *   examples, as one `model.predict`; each caller gets its own rows back.
 * - Dispatch prefers an idle worker that already holds the model.
 * - Models loaded per worker are bounded by an {@link LruCache} (count and
 *   bytes) kept here; evicted models are disposed in the worker.
 * - Centralized evaluations (docs/evaluation.md) queue here too, one
 *   request each, never batched.
 * - A worker that dies fails its request and is replaced; `close()`
 *   terminates every worker.
 *
 * Requests and their replies (by id) go through the shared `WorkerRequests`.
 */
import type { Worker } from 'node:worker_threads';
import { WorkerRequests } from '../common/worker-requests';
import { LruCache } from './lru-cache';
import type { EvaluationReply, FromWorker, ModelPayload, ModelShapes, ToWorker, WorkerReply } from './worker-messages';

export class PoolBusyError extends Error {
  readonly code = 'SERVING_BUSY' as const;
}

export interface PoolOptions {
  workers: number;
  spawn: () => Worker;
  maxQueue: number;
  maxBatch: number;
  cacheModels: number;
  cacheBytes: number;
}

/** How to obtain a model's payload when a worker lacks it (copied on demand). */
export interface ModelSource {
  hash: string;
  bytes: number;
  payload(): ModelPayload;
}

interface Pending {
  kind: 'load' | 'predict' | 'evaluate';
  model: ModelSource;
  inputs?: Float32Array;
  /** `evaluate`: the data spec. */
  data?: string;
  batch: number;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  requests: WorkerRequests<WorkerReply>;
  ready: boolean;
  backend: string | null;
  /** The jobs of the one request the worker runs. */
  busy: Pending[] | null;
  cache: LruCache<string>;
}

export class InferencePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private closed = false;

  constructor(private readonly o: PoolOptions) {
    for (let i = 0; i < o.workers; i++) this.slots.push(this.start());
  }

  /** Backends of the ready workers. */
  get backends(): string[] {
    return this.slots.filter((s) => s.ready).map((s) => s.backend ?? '?');
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Loads the model in a worker and returns its shapes. */
  shapes(model: ModelSource): Promise<ModelShapes> {
    return this.enqueue({ kind: 'load', model, batch: 0 }) as Promise<ModelShapes>;
  }

  /** Runs `batch` examples (packed in `inputs`); resolves with their outputs, packed. */
  predict(model: ModelSource, inputs: Float32Array, batch: number): Promise<Float32Array> {
    return this.enqueue({ kind: 'predict', model, inputs, batch }) as Promise<Float32Array>;
  }

  /** Evaluates the model on the dataset `data` (a data spec) in a worker: loss, accuracy, examples. */
  evaluate(model: ModelSource, data: string): Promise<EvaluationReply> {
    return this.enqueue({ kind: 'evaluate', model, data, batch: 0 }) as Promise<EvaluationReply>;
  }

  /** Forgets a model everywhere (its weights left the store). */
  forget(hash: string): void {
    for (const s of this.slots) if (s.cache.delete(hash)) this.post(s, { kind: 'evict', hashes: [hash] });
  }

  async close(): Promise<void> {
    this.closed = true;
    const err = new Error('serving is shutting down');
    for (const p of this.queue.splice(0)) p.reject(err);
    for (const s of this.slots) s.requests.fail(err);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private enqueue(p: Omit<Pending, 'resolve' | 'reject'>): Promise<unknown> {
    if (this.closed) return Promise.reject(new PoolBusyError('serving is shutting down'));
    if (this.queue.length >= this.o.maxQueue) return Promise.reject(new PoolBusyError(`serving is overloaded: ${this.queue.length} requests already wait for a worker; retry later`));
    return new Promise((resolve, reject) => {
      this.queue.push({ ...p, resolve, reject });
      this.dispatch();
    });
  }

  private start(): Slot {
    const worker = this.o.spawn();
    const slot: Slot = { worker, requests: new WorkerRequests(worker), ready: false, backend: null, busy: null, cache: new LruCache(this.o.cacheModels, this.o.cacheBytes) };
    worker.unref();
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    worker.on('error', (e) => this.lost(slot, e));
    worker.on('exit', (code) => this.lost(slot, new Error(`inference worker exited with code ${code}`)));
    return slot;
  }

  private lost(slot: Slot, e: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    slot.requests.fail(new Error(`inference worker failed: ${e.message}`));
    // A worker that reported `fatal` may still be running: end it (its exit finds the slot replaced and is ignored).
    void slot.worker.terminate().catch(() => undefined);
    if (this.closed) return;
    this.slots[i] = this.start();
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.kind === 'ready') {
      slot.ready = true;
      slot.backend = m.backend;
      return this.dispatch();
    }
    if (m.kind === 'fatal') return this.lost(slot, new Error(m.message));
    slot.requests.settle(m);
  }

  /** The worker answered `jobs`' request: each caller gets its part; the worker is free. */
  private answered(slot: Slot, jobs: Pending[], m: WorkerReply): void {
    slot.busy = null;
    if (m.kind === 'failed') {
      if (m.missingModel) slot.cache.delete(jobs[0].model.hash);
      for (const p of jobs) p.reject(new Error(m.message));
    } else if (m.kind === 'loaded') {
      jobs[0].resolve({ inputShape: m.inputShape, outputShape: m.outputShape });
    } else if (m.kind === 'evaluated') {
      jobs[0].resolve({ loss: m.loss, accuracy: m.accuracy, numExamples: m.numExamples, seconds: m.seconds });
    } else {
      const per = m.outputs.length / jobs.reduce((s, p) => s + p.batch, 0);
      let at = 0;
      for (const p of jobs) {
        p.resolve(m.outputs.subarray(at, at + p.batch * per));
        at += p.batch * per;
      }
    }
    this.dispatch();
  }

  /** `jobs`' request got no answer: its worker died (and is replaced), the pool closed, or the request could not be posted. */
  private unanswered(slot: Slot, jobs: Pending[], e: Error): void {
    slot.busy = null;
    for (const p of jobs) p.reject(e);
    if (!this.closed) this.dispatch();
  }

  private dispatch(): void {
    while (this.queue.length) {
      const head = this.queue[0];
      const idle = this.slots.filter((s) => s.ready && !s.busy);
      if (!idle.length) return;
      const slot = idle.find((s) => s.cache.has(head.model.hash)) ?? idle[0];
      this.run(slot, this.take(head));
    }
  }

  /** The head request plus queued predicts for the same model that fit in one batch. */
  private take(head: Pending): Pending[] {
    this.queue.shift();
    if (head.kind !== 'predict') return [head];
    const jobs = [head];
    let batch = head.batch;
    for (let i = 0; i < this.queue.length; ) {
      const p = this.queue[i];
      if (p.kind === 'predict' && p.model.hash === head.model.hash && batch + p.batch <= this.o.maxBatch) {
        jobs.push(p);
        batch += p.batch;
        this.queue.splice(i, 1);
      } else i++;
    }
    return jobs;
  }

  private run(slot: Slot, jobs: Pending[]): void {
    const { model } = jobs[0];
    slot.busy = jobs;
    let payload: ModelPayload | undefined;
    if (slot.cache.touch(model.hash)) payload = undefined;
    else {
      const evicted = slot.cache.add(model.hash, model.bytes);
      if (evicted.length) this.post(slot, { kind: 'evict', hashes: evicted });
      payload = model.payload();
    }
    const ask = (make: (id: number) => ToWorker, transfer: ArrayBuffer[] = []) =>
      void slot.requests.send(make, transfer).then(
        (reply) => this.answered(slot, jobs, reply),
        (e: Error) => this.unanswered(slot, jobs, e),
      );
    if (jobs[0].kind === 'load') return ask((id) => ({ kind: 'load', id, hash: model.hash, model: payload }));
    const { data } = jobs[0];
    if (jobs[0].kind === 'evaluate') return ask((id) => ({ kind: 'evaluate', id, hash: model.hash, model: payload, data: data! }));
    const batch = jobs.reduce((s, p) => s + p.batch, 0);
    let inputs = jobs[0].inputs!;
    if (jobs.length > 1) {
      inputs = new Float32Array(jobs.reduce((s, p) => s + p.inputs!.length, 0));
      let at = 0;
      for (const p of jobs) {
        inputs.set(p.inputs!, at);
        at += p.inputs!.length;
      }
    }
    ask((id) => ({ kind: 'predict', id, hash: model.hash, model: payload, inputs, batch }), [inputs.buffer as ArrayBuffer]);
  }

  /** A message the worker does not answer (`evict`). */
  private post(slot: Slot, m: ToWorker): void {
    slot.worker.postMessage(m);
  }
}
