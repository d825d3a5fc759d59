/**
 * @module trainers/echo-trainer
 * Benchmark mode (`--echo`): returns the global weights plus a small
 * deterministic perturbation (uniform in ±`amplitude`), so the coordinator
 * does real validation and aggregation work while the client spends almost no
 * CPU. The perturbation repeats a table of 4 096 values drawn with xorshift32
 * (Marsaglia, "Xorshift RNGs", J. Stat. Softw. 2003) seeded by the task seed:
 * added to one coordinate in 16 (offset by the seed), after a memcpy of the
 * global weights: a full JS pass per parameter costs 10–18 ms per million here
 * and would make the benchmark measure its own clients. The coordinator's work
 * is unchanged (it validates and sums every coordinate). Statistical quality
 * does not matter here. The result is written straight into a serialized buffer that is
 * reused from round to round (header written once), so a round allocates
 * nothing and copies nothing beyond the one pass. It never loads TF.js or any
 * data; its metrics are zero because it learns nothing.
 */
import { Backend, type DatasetInfo, type RoundTask } from '@fl/protocol';
import { serializeWeights, type ModelWeights } from '@fl/fl-core';
import type { EvalOutcome, LocalTrainer, TrainOutcome } from './local-trainer';

const TABLE_SIZE = 4096;
const TABLE_MASK = TABLE_SIZE - 1;
/** One coordinate in STRIDE is perturbed (a power of two). */
export const STRIDE = 16;

/** TABLE_SIZE values uniform in [−amplitude, amplitude), deterministic for `seed`. */
export function noiseTable(seed: number, amplitude: number): Float32Array {
  const t = new Float32Array(TABLE_SIZE);
  let x = seed ^ 0x9e3779b9 || 1; // int32 state: V8 keeps it on small integers
  const scale = (2 * amplitude) / 4294967296; // int32 ∈ [−2^31, 2^31) → [−amplitude, amplitude)
  for (let i = 0; i < TABLE_SIZE; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    t[i] = x * scale;
  }
  return t;
}

export class EchoTrainer implements LocalTrainer {
  readonly backend = Backend.None;

  private buffer: { layoutKey: string; bytes: Uint8Array; data: Float32Array } | null = null;

  constructor(
    readonly dataset: DatasetInfo,
    private readonly amplitude = 1e-3,
  ) {}

  async train(task: RoundTask, global: ModelWeights): Promise<TrainOutcome> {
    const t0 = performance.now();
    const src = global.data;
    const { bytes, data: out } = this.outputFor(global);
    const noise = noiseTable(task.seed, this.amplitude);
    const n = src.length;
    out.set(src); // memcpy
    for (let i = task.seed & (STRIDE - 1), j = 0; i < n; i += STRIDE, j++) out[i] += noise[j & TABLE_MASK];
    const seconds = (performance.now() - t0) / 1000;
    return {
      serialized: bytes,
      weights: { layout: global.layout, data: out },
      numExamples: this.dataset.numExamples,
      metrics: { loss: 0, accuracy: 0, examplesProcessed: this.dataset.numExamples, seconds },
      proximalMu: 0,
    };
  }

  /** The reused serialized buffer for `global`'s layout and its float32 data view. */
  private outputFor(global: ModelWeights): { bytes: Uint8Array; data: Float32Array } {
    const layoutKey = JSON.stringify(global.layout);
    if (this.buffer?.layoutKey !== layoutKey) {
      const n = global.data.length;
      const bytes = serializeWeights({ layout: global.layout, data: new Float32Array(n) });
      const data = new Float32Array(bytes.buffer, bytes.byteOffset + bytes.byteLength - n * 4, n);
      this.buffer = { layoutKey, bytes, data };
    }
    return this.buffer;
  }

  async evaluate(): Promise<EvalOutcome> {
    throw Object.assign(new Error('echo mode does not evaluate'), { code: 'UNKNOWN_TASK' });
  }

  dispose(): void {}
}
