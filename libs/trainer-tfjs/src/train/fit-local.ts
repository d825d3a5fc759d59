/**
 * @module train/fit-local
 * One client's local training for one round: FedAvg local SGD (McMahan et
 * al., AISTATS 2017, Algorithm 1 ClientUpdate) with the optional FedProx
 * proximal term (Li et al., MLSys 2020).
 *
 * A custom step replaces `model.fit`, which cannot express the proximal term:
 * the gradients of `loss + μ/2·Σ‖w − anchor‖²` over the trainable variables,
 * plus wd·w with weight decay (`train/hyper`), applied by the optimiser inside
 * `tf.tidy`, with the anchors frozen copies of the incoming
 * (global) weights, disposed afterwards. Shuffling is a seeded permutation per
 * epoch. At the deadline minus a margin training stops and the partial work
 * is returned (FedProx counts partial work as part of the method). Between
 * batches the loop yields to the event loop every ~100 ms so heartbeats and
 * cancellations get through. Dropout masks are not seeded (TF.js draws them
 * from its global generator); everything else is deterministic for a seed on
 * a given backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { TrainHyperParams, TrainMetrics } from '@fl/protocol';
import { allFinite, createRng, shuffleInPlace, type ModelWeights } from '@fl/fl-core';
import { TrainerError } from '../errors';
import { checkDataset, type Dataset } from '../data/dataset';
import { getModelWeights } from '../weights/model-weights';
import { makeBatch } from './batches';
import { checkHyper, createOptimizer, type LocalOptimizer } from './hyper';
import { checkFits, lossAndCorrect, outputKind } from './model-io';
import { proximalTerm, snapshotAnchors } from './proximal';

export interface EpochReport {
  /** 1-based epoch index. */
  epoch: number;
  loss: number;
  accuracy: number;
  /** Examples seen in this epoch (less than the dataset when stopped early). */
  examples: number;
}

export interface FitOptions {
  /** Seed of the per-epoch shuffles (the task's seed). */
  seed: number;
  /** Absolute deadline, ms since the epoch (same clock as `now`). */
  deadline?: number;
  /** Stop this long before the deadline to leave time for the upload. Default 1000 ms. */
  deadlineMarginMs?: number;
  /** Called after every completed epoch. */
  onEpoch?: (report: EpochReport) => void | Promise<void>;
  /** Cancels training (e.g. on `round:cancel`): fitLocal rejects with ABORTED. */
  signal?: AbortSignal;
  /** Local optimiser; default `sgd` (see `train/hyper`). */
  optimizer?: LocalOptimizer;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
}

export interface FitResult {
  weights: ModelWeights;
  /** Local training examples n_k (the FedAvg weight), not examples processed. */
  numExamples: number;
  /** Loss (data term only, without the proximal term) and accuracy of the last epoch. */
  metrics: TrainMetrics;
  /** Epochs fully completed. */
  epochsCompleted: number;
  /** True when the deadline cut training short. */
  stoppedEarly: boolean;
}

const YIELD_EVERY_MS = 100;
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Trains `model` in place on `data` and returns its new weights.
 * @example const { weights, metrics } = await fitLocal(model, ds, { localEpochs: 1, batchSize: 32, learningRate: 0.1, proximalMu: 0 }, { seed: 7 });
 * @throws TrainerError INVALID_ARGUMENT / INVALID_DATA / INVALID_MODEL for bad
 *   input, NON_FINITE when training diverges, DEADLINE_PASSED when not one
 *   batch fits before the deadline, ABORTED when the signal fires.
 */
export async function fitLocal(model: tf.LayersModel, data: Dataset, hyper: TrainHyperParams, opts: FitOptions): Promise<FitResult> {
  const h = checkHyper(hyper);
  checkDataset(data);
  if (data.count === 0) throw new TrainerError('INVALID_DATA', `dataset '${data.name}' is empty`);
  checkFits(model, data);
  const kind = outputKind(model);
  if (!Number.isSafeInteger(opts?.seed)) throw new TrainerError('INVALID_ARGUMENT', `seed must be an integer (got ${opts?.seed})`);
  if (opts.deadline !== undefined && !Number.isFinite(opts.deadline))
    throw new TrainerError('INVALID_ARGUMENT', `deadline must be a finite time in ms (got ${opts.deadline})`);
  if (opts.deadlineMarginMs !== undefined && !(opts.deadlineMarginMs >= 0 && Number.isFinite(opts.deadlineMarginMs)))
    throw new TrainerError('INVALID_ARGUMENT', `deadlineMarginMs must be a finite number >= 0 (got ${opts.deadlineMarginMs})`);
  const now = opts.now ?? Date.now;
  const stopAt = opts.deadline === undefined ? Infinity : opts.deadline - (opts.deadlineMarginMs ?? 1000);

  const started = now();
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const anchors = h.proximalMu > 0 ? snapshotAnchors(vars) : [];
  const optimizer = createOptimizer(opts.optimizer ?? 'sgd', h.learningRate, h.momentum ?? 0);
  const step: StepConfig = { kind, optimizer, vars, anchors, mu: h.proximalMu, weightDecay: h.weightDecay ?? 0 };
  const rng = createRng(opts.seed);
  const order = new Int32Array(data.count).map((_, i) => i);

  let processed = 0;
  let epochsCompleted = 0;
  let stoppedEarly = false;
  let last = { loss: 0, correct: 0, examples: 0 };
  let lastYield = now();
  let batchMs = 0;
  try {
    for (let epoch = 1; epoch <= h.localEpochs && !stoppedEarly; epoch++) {
      shuffleInPlace(order, rng);
      const acc = { loss: 0, correct: 0, examples: 0 };
      for (let start = 0; start < data.count; start += h.batchSize) {
        if (opts.signal?.aborted) throw new TrainerError('ABORTED', 'local training was cancelled');
        const t0 = now();
        if (t0 + batchMs > stopAt) {
          stoppedEarly = true;
          break;
        }
        const end = Math.min(start + h.batchSize, data.count);
        const [loss, correct] = trainStep(model, step, data, order, start, end);
        if (!Number.isFinite(loss)) throw new TrainerError('NON_FINITE', `training diverged: loss ${loss} in epoch ${epoch} (lower the learning rate)`);
        acc.loss += loss * (end - start);
        acc.correct += correct;
        acc.examples += end - start;
        const t1 = now();
        batchMs = batchMs === 0 ? t1 - t0 : 0.8 * batchMs + 0.2 * (t1 - t0);
        if (t1 - lastYield >= YIELD_EVERY_MS) {
          await yieldToEventLoop();
          lastYield = now();
        }
      }
      processed += acc.examples;
      if (acc.examples > 0) last = acc;
      if (!stoppedEarly) {
        epochsCompleted = epoch;
        await opts.onEpoch?.({ epoch, loss: acc.loss / acc.examples, accuracy: acc.correct / acc.examples, examples: acc.examples });
      }
    }
    if (processed === 0) throw new TrainerError('DEADLINE_PASSED', 'the deadline passed before a single batch was trained');
    const weights = getModelWeights(model);
    if (!allFinite(weights.data)) throw new TrainerError('NON_FINITE', 'training diverged: the weights contain NaN or ±Inf (lower the learning rate)');
    return {
      weights,
      numExamples: data.count,
      metrics: {
        loss: last.loss / last.examples,
        accuracy: last.correct / last.examples,
        examplesProcessed: processed,
        seconds: (now() - started) / 1000,
      },
      epochsCompleted,
      stoppedEarly,
    };
  } finally {
    optimizer.dispose();
    tf.dispose(anchors);
  }
}

interface StepConfig {
  kind: ReturnType<typeof outputKind>;
  optimizer: tf.Optimizer;
  vars: tf.Variable[];
  anchors: tf.Tensor[];
  mu: number;
  weightDecay: number;
}

/** One optimiser step on `order[start, end)`; returns the batch's data loss and correct count. */
export function trainStep(model: tf.LayersModel, c: StepConfig, data: Dataset, order: ArrayLike<number>, start: number, end: number): [number, number] {
  return tf.tidy(() => {
    const { x, y } = makeBatch(data, order, start, end);
    let stats: Float32Array | Int32Array | Uint8Array = new Float32Array(2);
    const { grads } = c.optimizer.computeGradients(() => {
      const out = model.apply(x, { training: true }) as tf.Tensor;
      const { loss, correct } = lossAndCorrect(c.kind, out, y, data.numClasses);
      stats = tf.stack([loss, tf.cast(correct, 'float32')]).dataSync();
      return c.mu > 0 ? tf.add(loss, proximalTerm(c.vars, c.anchors, c.mu)) : loss;
    }, c.vars);
    if (c.weightDecay > 0) for (const v of c.vars) grads[v.name] = tf.add(grads[v.name], tf.mul(v, c.weightDecay));
    c.optimizer.applyGradients(grads);
    return [stats[0], stats[1]];
  });
}
