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
import type { Worker } from 'node:worker_threads';
import { addVector, nodeBackend, type MaskAdder } from '@fl/secagg/node';
import { WorkerClient } from '../common/worker-client';
import type { MaskJob, MaskResult } from './mask-messages';

/** Keystream words (masks × vector length) below which masks are added in this thread: 4 Mi words ≈ 16 MB ≈ 8 ms. */
export const IN_THREAD_WORDS = 4 * 1024 * 1024;

export class MaskWorker {
  private readonly client: WorkerClient<MaskResult>;

  /** `file`: the compiled mask.worker.js, or null to always add in this thread. */
  constructor(
    file: string | null,
    private readonly warn: (message: string) => void,
  ) {
    this.client = new WorkerClient(file, 'mask worker', 'the mask worker is not built (npm run build); unmasking runs in the event loop', warn);
  }

  /** The running thread, if any. */
  get thread(): Worker | null {
    return this.client.thread;
  }

  readonly add: MaskAdder = async (acc, masks, prg) => {
    const worker = masks.length * acc.length >= IN_THREAD_WORDS ? this.client.started() : null;
    if (worker) {
      try {
        const job: Omit<MaskJob, 'id'> = { length: acc.length, prg, masks: masks.map((m) => ({ key: m.key, sign: m.sign })) };
        const reply = await this.client.request(worker, job);
        if (!reply.ok) throw new Error(reply.error);
        addVector(acc, reply.sum);
        reply.sum.fill(0);
        return;
      } catch (e) {
        this.warn(`mask worker failed (${(e as Error).message}); unmasking in the event loop instead`);
      }
    }
    nodeBackend.prg(prg).addMasks(acc, masks);
  };

  close(): Promise<void> {
    return this.client.close();
  }
}
