/**
 * @module attacks/attacks
 * The malicious behaviours an `fl-client` can be told to adopt with
 * `--attack NAME`, for the attack benchmark and tests only
 * (docs/robust-aggregation.md "Attack benchmark"). Each is described by what it
 * changes in an honest client: its training data, its trained update (plain
 * rounds), the example count it claims, or the ring words it masks (secure
 * rounds). The math is in update-attacks, ring-attacks and ddg-attacks
 * (`unclipped`: a DP secure round's member that skips clipping).
 */
import type { RoundTask } from '@fl/protocol';
import type { ModelWeights } from '@fl/fl-core';
import type { TrainOutcome } from '../trainers/local-trainer';
import { unclippedDdgWords } from './ddg-attacks';
import { attackerWords } from './ring-attacks';
import { flippedLabels, gaussianNoise, HUGE_CLAIM, hugeWeights, signFlipped } from './update-attacks';

export const ATTACK_CHOICES = ['sign-flip', 'huge', 'noise', 'label-flip', 'weight-wrap', 'coordinate-wrap', 'unclipped'] as const;
export type AttackName = (typeof ATTACK_CHOICES)[number];

export interface Attack {
  readonly name: AttackName;
  /** Rewrites the local training data once, at load (label flipping). */
  prepareData?<D extends { y: Int32Array; numClasses: number }>(ds: D): D;
  /** Replaces the honest training outcome. */
  poison?(task: RoundTask, global: ModelWeights, honest: TrainOutcome): TrainOutcome;
  /** False when the poisoned update does not depend on training (it is then skipped: a diverged model cannot stop the attack). */
  readonly trains?: boolean;
  /** The example count claimed at registration and in every update, instead of the data's. */
  readonly claim?: number;
  /** Secure rounds: the ring words masked instead of the honest encoding. */
  secureWords?(honest: Uint32Array, task: RoundTask): Uint32Array;
}

/** `colluders`: how many attacking members share a cohort (the ring attacks split their offset between them). */
export function createAttack(name: AttackName, colluders = 1): Attack {
  switch (name) {
    case 'sign-flip':
      return { name, poison: (_task, global, out) => ({ ...out, serialized: undefined, weights: signFlipped(global, out.weights) }) };
    case 'huge':
      return { name, trains: false, claim: HUGE_CLAIM, poison: (_task, global, out) => ({ ...out, serialized: undefined, weights: hugeWeights(global), numExamples: HUGE_CLAIM }) };
    case 'noise':
      return { name, trains: false, poison: (task, global, out) => ({ ...out, serialized: undefined, weights: gaussianNoise(global, task.seed) }) };
    case 'label-flip':
      return { name, prepareData: flippedLabels };
    case 'weight-wrap':
    case 'coordinate-wrap':
      return { name, secureWords: (honest, task) => (task.secure ? attackerWords(name, honest, task.secure, colluders) : honest) };
    case 'unclipped':
      return { name, trains: false, secureWords: (honest, task) => unclippedDdgWords(task) ?? honest };
  }
}
