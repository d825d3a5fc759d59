/**
 * @module secure-aggregation/mask.worker
 * Worker thread behind `MaskWorker`: regenerates the masks a secure round's
 * unmasking removes (one P-word keystream per survivor, plus the pairwise
 * masks of the dropped) and returns their signed sum. The coordinator's event
 * loop stays free meanwhile, and the keystream buffers node:crypto allocates
 * are collected in this thread's small heap instead of the coordinator's.
 * Mask keys are wiped once used.
 */
import { parentPort } from 'node:worker_threads';
import { nodeBackend } from '@fl/secagg/node';
import type { MaskJob, MaskResult } from './mask-messages';
import { lowerThisThread } from '../common/thread-priority';

lowerThisThread(); // the event loop's thread keeps the CPU when cores are short

const port = parentPort;
if (!port) throw new Error('mask.worker must run in a worker thread');

port.on('message', (job: MaskJob) => {
  let reply: MaskResult;
  const transfer: ArrayBuffer[] = [];
  try {
    const sum = new Uint32Array(job.length);
    nodeBackend.prg(job.prg).addMasks(sum, job.masks);
    reply = { id: job.id, ok: true, sum };
    transfer.push(sum.buffer);
  } catch (e) {
    reply = { id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  } finally {
    for (const m of job.masks) m.key.fill(0);
  }
  port.postMessage(reply, transfer);
});
