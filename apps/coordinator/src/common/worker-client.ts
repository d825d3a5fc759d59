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
import { WorkerRequests } from './worker-requests';

export class WorkerClient<R extends { id: number }> {
  private worker: Worker | null = null;
  private requests: WorkerRequests<R> | null = null;
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
    const requests = new WorkerRequests<R>(w);
    w.on('message', (m: R) => requests.settle(m));
    // 'error' is followed by 'exit': by then a replacement may hold requests of its own.
    const lost = (e: Error) => {
      if (this.worker === w) {
        this.worker = null;
        this.requests = null;
      }
      requests.fail(e);
    };
    w.on('error', lost);
    w.on('exit', (code) => lost(new Error(`${this.name} exited with code ${code}`)));
    this.worker = w;
    this.requests = requests;
    return w;
  }

  /**
   * Posts `message` to `w` under a fresh id; resolves with the reply to it.
   * Rejects when `w` is no longer the running thread or dies before replying.
   */
  request(w: Worker, message: object, transfer: ArrayBuffer[] = []): Promise<R> {
    if (this.worker !== w || !this.requests) return Promise.reject(new Error(`${this.name} exited`));
    return this.requests.send((id) => ({ ...message, id }), transfer);
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
