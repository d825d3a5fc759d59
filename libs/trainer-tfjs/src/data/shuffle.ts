/**
 * @module data/shuffle
 * Seeded permutations (fl-core's `createRng` + `shuffleInPlace`), so local
 * shuffling and splits are reproducible from a task's seed.
 */
import { createRng, shuffleInPlace } from '@fl/fl-core';

/** A uniformly random permutation of `0..n-1`, deterministic for `seed`. */
export function permutation(n: number, seed: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  shuffleInPlace(p, createRng(seed));
  return p;
}
