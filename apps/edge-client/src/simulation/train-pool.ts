/**
 * @module simulation/train-pool
 * The training threads of a simulation (docs/simulation.md): `size` worker
 * threads (one per core by default), each serving one task at a time for
 * whichever virtual client holds it. Waiting tasks are ordered by
 * {@link TaskQueue} (earliest deadline first); a task cancelled while it
 * waits never reaches a thread, one cancelled while it runs is told to stop
 * (`abort`) and ends with `CANCELLED`. A thread that dies fails its task and
 * is replaced. Requests and replies go through `WorkerRequests`.
 *
 * Messages: `{ type: 'init', id, …init }` → `{ id, ok, backend }` once per
 * thread; `{ type: 'run', id, request }` → `{ id, ok: true, outcome }` or
 * `{ id, ok: false, code, message }`; `{ type: 'abort', target }` (no reply).
 */
import type { Worker } from 'node:worker_threads';
import { WorkerRequests } from '@fl/fl-core/node';
import { ClientError, type LocalErrorCode } from '../errors';
import { TaskQueue } from './task-queue';

export type PoolReply = { id: number; ok: true; backend?: string; outcome?: unknown } | { id: number; ok: false; code: string; message: string };

export interface TrainPoolOptions {
  /** Threads (≥ 1). */
  size: number;
  /** Starts one thread. */
  spawn: () => Worker;
  /** Posted to every thread first (with `type: 'init'`); its reply names the backend. */
  init: object;
  now?: () => number;
}

interface Job {
  request: object;
  deadline: number;
  resolve(outcome: unknown): void;
  reject(e: Error): void;
  /** The thread and request id while it runs. */
  running: { slot: Slot; id: number } | null;
  done: boolean;
}

interface Slot {
  worker: Worker;
  requests: WorkerRequests<PoolReply>;
  job: Job | null;
}

export interface PoolStats {
  workers: number;
  queued: number;
  running: number;
  completed: number;
  failed: number;
  /** Most tasks ever waiting at once. */
  peakQueued: number;
}

const failure = (r: PoolReply): Error | null => (r.ok ? null : new ClientError(r.code as LocalErrorCode, r.message));

export class TrainPool {
  private readonly slots: Slot[] = [];
  private readonly queue = new TaskQueue<Job>();
  private readonly now: () => number;
  private closed = false;
  private completed = 0;
  private failed = 0;
  private peakQueued = 0;
  private _backend = '';

  private constructor(private readonly o: TrainPoolOptions) {
    this.now = o.now ?? Date.now;
  }

  /** Starts every thread and waits until each has answered `init`. Rejects (and stops them) if one fails. */
  static async start(o: TrainPoolOptions): Promise<TrainPool> {
    if (!Number.isInteger(o.size) || o.size < 1) throw new RangeError(`pool size must be a positive integer (got ${o.size})`);
    const pool = new TrainPool(o);
    try {
      await Promise.all(Array.from({ length: o.size }, () => pool.addSlot()));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  /** The TF.js backend the threads compute with (from their `init` replies). */
  get backend(): string {
    return this._backend;
  }

  get stats(): PoolStats {
    const running = this.slots.filter((s) => s.job).length;
    return { workers: this.slots.length, queued: this.queue.size, running, completed: this.completed, failed: this.failed, peakQueued: this.peakQueued };
  }

  /**
   * Runs `request` on the next free thread; resolves with its outcome. Rejects
   * with `CANCELLED` when `signal` aborts first, `DEADLINE_PASSED` when the
   * deadline passes while it waits, or the thread's error code.
   */
  run<R>(request: object, deadline: number, signal?: AbortSignal): Promise<R> {
    if (this.closed) return Promise.reject(new ClientError('CANCELLED', 'the training pool is closed'));
    if (signal?.aborted) return Promise.reject(new ClientError('CANCELLED', 'cancelled before it was queued'));
    return new Promise<R>((resolve, reject) => {
      const job: Job = { request, deadline, resolve: resolve as (o: unknown) => void, reject, running: null, done: false };
      signal?.addEventListener('abort', () => this.cancel(job), { once: true });
      this.queue.push(job, deadline);
      this.peakQueued = Math.max(this.peakQueued, this.queue.size);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.drain(new ClientError('CANCELLED', 'the training pool is closed'));
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private async addSlot(): Promise<void> {
    const worker = this.o.spawn();
    const requests = new WorkerRequests<PoolReply>(worker);
    const slot: Slot = { worker, requests, job: null };
    worker.on('message', (m: PoolReply) => requests.settle(m, failure));
    const lost = (e: Error) => this.lost(slot, e);
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`training thread exited with code ${code}`)));
    const reply = await requests.send((id) => ({ ...this.o.init, type: 'init', id }));
    if (reply.ok && reply.backend) this._backend = reply.backend;
    if (this.closed) {
      await worker.terminate();
      return;
    }
    this.slots.push(slot);
    this.dispatch();
  }

  /** A thread died: its task fails, a new thread takes its place. */
  private lost(slot: Slot, e: Error): void {
    slot.requests.fail(e);
    const i = this.slots.indexOf(slot);
    if (i < 0) return; // already replaced, or never started
    this.slots.splice(i, 1);
    if (!this.closed) void this.addSlot().catch((err: Error) => this.replacementFailed(err));
  }

  /** No thread could replace a dead one: with none left, the waiting tasks cannot run. */
  private replacementFailed(e: Error): void {
    if (this.slots.length > 0) return this.dispatch();
    this.drain(e);
  }

  /** Fails every waiting task with `e`. */
  private drain(e: Error): void {
    for (let { next } = this.queue.take(-Infinity); next; { next } = this.queue.take(-Infinity)) this.settle(next, e);
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job) continue;
      const { next, expired } = this.queue.take(this.now());
      for (const j of expired) this.settle(j, new ClientError('DEADLINE_PASSED', 'the task deadline passed while it waited for a training thread'));
      if (!next) return;
      this.start(slot, next);
    }
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    const sent = slot.requests.send((id) => {
      job.running = { slot, id };
      return { type: 'run', id, request: job.request };
    });
    sent.then(
      (r) => this.settle(job, null, r.ok ? r.outcome : undefined),
      (e: Error) => this.settle(job, e),
    ).finally(() => {
      if (slot.job === job) slot.job = null;
      this.dispatch();
    });
  }

  private cancel(job: Job): void {
    if (job.done) return;
    if (this.queue.remove(job)) return this.settle(job, new ClientError('CANCELLED', 'cancelled while waiting for a training thread'));
    if (job.running) job.running.slot.worker.postMessage({ type: 'abort', target: job.running.id });
  }

  private settle(job: Job, e: Error | null, outcome?: unknown): void {
    if (job.done) return;
    job.done = true;
    if (e) {
      this.failed++;
      job.reject(e);
    } else {
      this.completed++;
      job.resolve(outcome);
    }
  }
}
