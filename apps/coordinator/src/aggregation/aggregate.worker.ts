/**
 * @module aggregation/aggregate.worker
 * Worker thread behind `AggregateWorker`: rebuilds the job's strategy from
 * its config and runs one `aggregate` on the copies it was sent, serializes
 * the new model and hashes it (the event loop would do both next, to store
 * it), then hands the bytes and the state back without copying them
 * (transferred buffers). A DP job's central Gaussian noise is added to the
 * sum here first, off the event loop (docs/privacy.md).
 * The same fl-core code runs here as in the event loop, so the result is
 * bit for bit the same.
 */
import { parentPort } from 'node:worker_threads';
import { createStrategy, serializeWeights } from '@fl/fl-core';
import { addGaussianNoise } from '@fl/privacy';
import { modelHash } from '@fl/fl-core/node';
import type { AggregateJob, AggregateReply } from './aggregate-messages';
import { lowerThisThread } from '../common/thread-priority';

lowerThisThread(); // the event loop's thread keeps the CPU when cores are short

const port = parentPort;
if (!port) throw new Error('aggregate.worker must run in a worker thread');

port.on('message', (job: AggregateJob) => {
  let reply: AggregateReply;
  const transfer = new Set<ArrayBuffer>();
  try {
    if (job.noiseStddev) addGaussianNoise(job.input.deltaSum, job.noiseStddev);
    const { weights, state } = createStrategy(job.strategy).aggregate(job.global, job.input, job.state);
    const serialized = serializeWeights(weights);
    reply = { id: job.id, ok: true, serialized, hash: modelHash(serialized), state };
    transfer.add(serialized.buffer as ArrayBuffer);
    for (const t of Object.values(state.tensors)) transfer.add(t.buffer as ArrayBuffer);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    reply = { id: job.id, ok: false, name: err.name, code: (err as { code?: string }).code, message: err.message };
  }
  port.postMessage(reply, [...transfer]);
});
