/** Helpers for the robust strategies' specs: a P-parameter model at zero and updates given as rows. */
import type { AggregateInput } from '../aggregation/aggregate-input';
import type { ModelWeights } from '../weights/model-weights';

export function zeroModel(P: number): ModelWeights {
  return { layout: [{ name: 'w', shape: [P] }], data: new Float32Array(P) };
}

export function updatesInput(rows: number[][]): AggregateInput {
  return { deltaSum: new Float64Array(0), weightSum: rows.length, count: rows.length, updates: rows.map((r) => Float32Array.from(r)) };
}

/** A deterministic pseudo-random generator in [−0.5, 0.5). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32 - 0.5;
}

/** `rows` in a shuffled order (a fixed permutation derived from `seed`). */
export function permuted<T>(rows: T[], seed: number): T[] {
  const r = lcg(seed);
  const out = rows.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor((r() + 0.5) * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
