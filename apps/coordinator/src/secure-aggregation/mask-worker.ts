/**
 * @module secure-aggregation/mask-worker
 * The `MaskAdder` of secure rounds: unmasking regenerates one P-word
 * keystream per survivor (200 MB for 50 clients and a 1M-parameter model),
 * which would hold the event loop for a few hundred milliseconds. One worker
 * thread (started on first use) computes Σ masks and returns it; the sum is
 * folded into the round's masked sum here. Small jobs (under
 * `IN_THREAD_WORDS` keystream words, a few milliseconds) stay in this thread,
 * where they cost less than the round trip to the worker. Without the built worker file, or
 * when the worker fails, the masks are added in this thread instead, so a
 * round never fails for want of the worker. Mask keys are copied to the
 * worker, which wipes its copies; the caller wipes the originals.
 */
import { Worker } from 'node:worker_threads';
import { addVector, nodeBackend, type MaskAdder } from '@fl/secagg/node';
import type { MaskJob, MaskResult } from './mask-messages';

/** Keystream words (masks × vector length) below which masks are added in this thread: 4 Mi words ≈ 16 MB ≈ 8 ms. */
export const IN_THREAD_WORDS = 4 * 1024 * 1024;

interface Pending {
  resolve(sum: Uint32Array): void;
  reject(e: Error): void;
}

export class MaskWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private warned = false;

  /** `file`: the compiled mask.worker.js, or null to always add in this thread. */
  constructor(
    private readonly file: string | null,
    private readonly warn: (message: string) => void,
  ) {}

  readonly add: MaskAdder = async (acc, masks, prg) => {
    const worker = masks.length * acc.length >= IN_THREAD_WORDS ? this.started() : null;
    if (worker) {
      try {
        const sum = await this.request(worker, { id: this.nextId++, length: acc.length, prg, masks: masks.map((m) => ({ key: m.key, sign: m.sign })) });
        addVector(acc, sum);
        sum.fill(0);
        return;
      } catch (e) {
        this.warn(`mask worker failed (${(e as Error).message}); unmasking in the event loop instead`);
      }
    }
    nodeBackend.prg(prg).addMasks(acc, masks);
  };

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private request(worker: Worker, job: MaskJob): Promise<Uint32Array> {
    return new Promise((resolve, reject) => {
      this.pending.set(job.id, { resolve, reject });
      worker.postMessage(job);
    });
  }

  private started(): Worker | null {
    if (this.worker) return this.worker;
    if (!this.file) {
      if (!this.warned) this.warn('the mask worker is not built (npm run build); unmasking runs in the event loop');
      this.warned = true;
      return null;
    }
    const w = new Worker(this.file);
    w.unref();
    w.on('message', (m: MaskResult) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.sum);
      else p.reject(new Error(m.error));
    });
    const lost = (e: Error) => {
      if (this.worker === w) this.worker = null;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    w.on('error', lost);
    w.on('exit', (code) => lost(new Error(`mask worker exited with code ${code}`)));
    this.worker = w;
    return w;
  }
}
