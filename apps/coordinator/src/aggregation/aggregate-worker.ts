/**
 * @module aggregation/aggregate-worker
 * Runs a round's strategy step (`Strategy.aggregate`) in a worker thread, off
 * the event loop that also answers clients, the REST API and predictions.
 * The event loop now only copies the inputs (the worker must not share the
 * sum, which is reused next round, nor the model and state, which stay current
 * if the round fails), 4 MB per event-loop iteration into uninitialised
 * buffers (so their pages fault in chunk by chunk too), and gets the results
 * back as transferred buffers: the state, and the new model already
 * serialized and hashed for storing ({@link SerializedModel}; its weights are
 * views over those bytes). `node apps/coordinator/bench/aggregate-step.js`
 * measures the longest stall either way.
 *
 * Steps under {@link IN_THREAD_WORK} stay in the event loop, where they cost
 * less than the copies and the round trip. Once the bulk channel took the
 * socket writes off the event loop, the in-loop FedAvg step on 1M parameters
 * (≈ 10–25 ms under load) was the longest task left in a loaded round; at
 * 0.5M it is ≈ 4 ms (docs/performance.md). Without the built worker file, or when the
 * worker fails, the step runs in the event loop instead, so a round never
 * fails for want of the worker. A strategy that refuses (for example
 * NON_FINITE) fails the round with the same message either way.
 *
 * Robust strategies get the round's individual updates (`input.updates`,
 * cohort × model size, e.g. 200 MB for 50 × 1M parameters): those are not
 * copied but transferred to the worker (each owns its buffer, see fl-core's
 * `UpdateStore`), so the event loop neither copies nor keeps them. If the
 * worker then dies, the updates went with it and the round fails with that
 * reason (it is retried like any failed attempt) instead of falling back.
 */
import type { Worker } from 'node:worker_threads';
import type { StrategyConfig } from '@fl/protocol';
import { deserializeWeights, type AggregateInput, type AggregateResult, type ModelWeights, type Strategy, type StrategyState } from '@fl/fl-core';
import { addGaussianNoise } from '@fl/privacy';
import { LoopTurns } from '../common/loop-turns';
import { WorkerClient } from '../common/worker-client';
import type { AggregateJob, AggregateReply } from './aggregate-messages';

/**
 * The step's size in parameter-vectors' worth of work: the model plus one per
 * optimiser state tensor (FedAvg 1×P, FedAdam 3×P). In the event loop it
 * costs ≈ 7 ms per million on the 2-core VM.
 */
export function workOf(step: { global: ModelWeights; state: StrategyState; input?: AggregateInput; noiseStddev?: number }): number {
  return step.global.data.length * (1 + Object.keys(step.state.tensors).length + (step.input?.updates?.length ?? 0) + (step.noiseStddev ? 1 : 0));
}

/** Work below which the step stays in the event loop (≈ 4 ms there). */
export const IN_THREAD_WORK = 500_000;

/** One round's strategy step; `config` rebuilds `strategy` in the worker. */
export interface AggregateStep {
  strategy: Strategy;
  config: StrategyConfig;
  global: ModelWeights;
  input: AggregateInput;
  state: StrategyState;
  /** Trusted-server DP: the stddev σ = z·S of the Gaussian noise added to the sum before the step (docs/privacy.md). */
  noiseStddev?: number;
}

/** The new model already serialized (FLW1) and hashed, when the step ran in the worker. */
export interface SerializedModel {
  bytes: Uint8Array;
  hash: string;
}

/** A step's result; `weights` are then views over `serialized.bytes`. */
export type AggregateOutcome = AggregateResult & { serialized?: SerializedModel };

/** Runs a step and resolves to the new model and state; rejects when the strategy refuses. */
export type Aggregator = (step: AggregateStep) => Promise<AggregateOutcome>;

/** The step in the calling thread. */
export const aggregateInThread: Aggregator = async (s) => {
  if (s.noiseStddev) addGaussianNoise(s.input.deltaSum, s.noiseStddev);
  return s.strategy.aggregate(s.global, s.input, s.state);
};

/** The strategy's refusal, as it would have been thrown in the event loop. */
export class StrategyRefusal extends Error {
  constructor(
    override readonly name: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Bytes copied per event-loop iteration. */
const COPY_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * An own copy of `a`, made {@link COPY_CHUNK_BYTES} per turn, whose buffer is
 * added to `transfer` (one copy of the view, never its whole backing buffer).
 */
async function copyInTurns<T extends Float32Array | Float64Array>(a: T, turns: LoopTurns, transfer: ArrayBuffer[]): Promise<T> {
  const wide = a.BYTES_PER_ELEMENT === 8;
  const raw = Buffer.allocUnsafeSlow(a.byteLength); // uninitialised: nothing is zeroed or faulted in up front
  const out = (wide ? new Float64Array(raw.buffer, 0, a.length) : new Float32Array(raw.buffer, 0, a.length)) as T;
  const step = COPY_CHUNK_BYTES / a.BYTES_PER_ELEMENT;
  for (let i = 0; i < a.length; i += step) {
    if (i > 0) await turns.turn();
    out.set(a.subarray(i, Math.min(a.length, i + step)), i);
  }
  transfer.push(raw.buffer as ArrayBuffer);
  return out;
}

export class AggregateWorker {
  private readonly client: WorkerClient<AggregateReply>;
  private readonly turns = new LoopTurns();

  /**
   * `file`: the compiled aggregate.worker.js, or null to always run in this
   * thread; `minWork`: the {@link workOf} from which steps go to the worker.
   */
  constructor(
    file: string | null,
    private readonly warn: (message: string) => void,
    private readonly minWork = IN_THREAD_WORK,
  ) {
    this.client = new WorkerClient(file, 'aggregate worker', 'the aggregate worker is not built (npm run build); aggregation runs in the event loop', warn);
  }

  /** The running thread, if any. */
  get thread(): Worker | null {
    return this.client.thread;
  }

  readonly aggregate: Aggregator = async (step) => {
    const worker = workOf(step) >= this.minWork ? this.client.started() : null;
    if (worker) {
      let reply: AggregateReply | undefined;
      try {
        reply = await this.request(worker, step);
      } catch (e) {
        if (step.input.updates?.some((u) => u.length !== step.global.data.length))
          throw new Error(`the aggregate worker failed (${(e as Error).message}) holding the round's individual updates`);
        this.warn(`aggregate worker failed (${(e as Error).message}); aggregating in the event loop instead`);
      }
      if (reply?.ok) return { weights: deserializeWeights(reply.serialized, step.global.layout), state: reply.state, serialized: { bytes: reply.serialized, hash: reply.hash } };
      if (reply) throw new StrategyRefusal(reply.name, reply.code, reply.message);
    }
    return aggregateInThread(step);
  };

  close(): Promise<void> {
    return this.client.close();
  }

  private async request(worker: Worker, s: AggregateStep): Promise<AggregateReply> {
    const transfer: ArrayBuffer[] = [];
    const tensors: Record<string, Float32Array> = {};
    for (const [name, t] of Object.entries(s.state.tensors)) tensors[name] = await copyInTurns(t, this.turns, transfer);
    const job: Omit<AggregateJob, 'id'> = {
      strategy: s.config,
      global: { layout: s.global.layout, data: await copyInTurns(s.global.data, this.turns, transfer) },
      input: { deltaSum: await copyInTurns(s.input.deltaSum, this.turns, transfer), weightSum: s.input.weightSum, count: s.input.count, updates: s.input.updates },
      state: { step: s.state.step, tensors },
      noiseStddev: s.noiseStddev,
    };
    // The individual updates are the round's own (no one reads them after the step): transferred, not copied.
    for (const u of s.input.updates ?? []) transfer.push(u.buffer as ArrayBuffer);
    return this.client.request(worker, job, transfer);
  }
}
