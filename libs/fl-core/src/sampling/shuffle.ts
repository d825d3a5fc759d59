/**
 * @module sampling/shuffle
 * In-place Fisher–Yates shuffle driven by an `Rng` (deterministic for a seed).
 */
import type { Rng } from './rng';

export function shuffleInPlace<T>(items: T[] | { length: number; [i: number]: T }, rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}
