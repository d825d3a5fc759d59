/**
 * @module common/worker-client
 * One lazily started worker thread that answers `{ id, … }` requests with
 * `{ id, … }` replies: the plumbing shared by the coordinator's off-loop
 * helpers (mask regeneration, strategy steps). A thread that errors or exits
 * fails its pending requests and is replaced on the next `started()`. Without
 * the built file, `started()` warns once and returns null, and the caller does
 * the work in the event loop.
 */
import { Worker } from 'node:worker_threads';

interface Pending<R> {
  /** The thread the request went to: only its death fails the request. */
  worker: Worker;
  resolve(reply: R): void;
  reject(e: Error): void;
}

export class WorkerClient<R extends { id: number }> {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending<R>>();
  private warned = false;

  /**
   * `file`: the compiled worker script, or null when it is not built;
   * `name`: for messages ("mask worker"); `notBuilt`: the warning when `file` is null.
   */
  constructor(
    private readonly file: string | null,
    private readonly name: string,
    private readonly notBuilt: string,
    private readonly warn: (message: string) => void,
  ) {}

  /** The running thread, if any. */
  get thread(): Worker | null {
    return this.worker;
  }

  /** The running thread, started on first use; null (after one warning) without a built file. */
  started(): Worker | null {
    if (this.worker) return this.worker;
    if (!this.file) {
      if (!this.warned) this.warn(this.notBuilt);
      this.warned = true;
      return null;
    }
    const w = new Worker(this.file);
    w.unref();
    w.on('message', (m: R) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      p.resolve(m);
    });
    // 'error' is followed by 'exit': by then a replacement may hold requests of its own.
    const lost = (e: Error) => {
      if (this.worker === w) this.worker = null;
      for (const [id, p] of this.pending) {
        if (p.worker !== w) continue;
        this.pending.delete(id);
        p.reject(e);
      }
    };
    w.on('error', lost);
    w.on('exit', (code) => lost(new Error(`${this.name} exited with code ${code}`)));
    this.worker = w;
    return w;
  }

  /**
   * Posts `message` to `w` under a fresh id; resolves with the reply to it.
   * Rejects when `w` is no longer the running thread or dies before replying.
   */
  request(w: Worker, message: object, transfer: ArrayBuffer[] = []): Promise<R> {
    if (this.worker !== w) return Promise.reject(new Error(`${this.name} exited`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { worker: w, resolve, reject });
      w.postMessage({ ...message, id }, transfer);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
