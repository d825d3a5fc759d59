/**
 * @module threads/worker-requests (`@fl/fl-core/node`)
 * The request/reply plumbing between the event loop and one worker thread,
 * written once: each request is posted with a fresh `id` and settled by the
 * worker's message carrying that id; when the thread is gone every request
 * still waiting fails with the reason. With `refWhileBusy` the thread keeps
 * the process alive only while a request waits (an idle worker never holds a
 * shutdown up). The other end may be a `Worker` (the event loop asks its
 * thread) or a thread's `parentPort` (the thread asks the event loop). Used by
 * the coordinator's `WorkerClient` (mask, aggregate, model build), inference
 * pool (serving), embedded database (`PGlitePool`) and bulk worker, and the
 * edge client's simulation training pool (docs/simulation.md).
 */
import type { MessagePort, Worker } from 'node:worker_threads';

interface Waiting<R> {
  resolve(reply: R): void;
  reject(e: Error): void;
}

export class WorkerRequests<R extends { id: number }> {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting<R>>();
  private gone: Error | null = null;

  constructor(
    readonly worker: Worker | MessagePort,
    private readonly o: { refWhileBusy?: boolean } = {},
  ) {
    if (o.refWhileBusy) worker.unref();
  }

  /** Requests still waiting for their reply. */
  get size(): number {
    return this.waiting.size;
  }

  /**
   * Posts `make(id)` with a fresh id; resolves with the reply carrying that
   * id, rejects when the thread is gone first, or at once when `make`'s
   * message cannot be posted (e.g. a value that cannot be cloned).
   */
  send(make: (id: number) => object, transfer: ArrayBuffer[] = []): Promise<R> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      try {
        this.worker.postMessage(make(id), transfer);
      } catch (e) {
        return reject(e as Error);
      }
      this.waiting.set(id, { resolve, reject });
      if (this.o.refWhileBusy && this.waiting.size === 1) this.worker.ref();
    });
  }

  /**
   * A message from the worker: settles the request it answers, as a
   * rejection when `failure(reply)` names one. False when no request waits
   * for its id.
   */
  settle(reply: R, failure: (reply: R) => Error | null = () => null): boolean {
    const w = this.waiting.get(reply.id);
    if (!w) return false;
    this.waiting.delete(reply.id);
    if (this.o.refWhileBusy && this.waiting.size === 0) this.worker.unref();
    const e = failure(reply);
    if (e) w.reject(e);
    else w.resolve(reply);
    return true;
  }

  /** The thread is gone: every waiting (and every later) request fails with `e`. */
  fail(e: Error): void {
    this.gone ??= e;
    const all = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of all) w.reject(e);
  }
}
