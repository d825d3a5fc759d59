/**
 * @module data/split
 * Seeded train / test split of a dataset.
 */
import { TrainerError } from '../errors';
import { type Dataset, subset } from './dataset';
import { permutation } from './shuffle';

/**
 * Shuffles with `seed` and puts `round(count × testFraction)` examples in
 * `test`, the rest in `train`. `testFraction` 0 gives an empty test set.
 * @throws TrainerError INVALID_ARGUMENT unless 0 ≤ testFraction < 1.
 */
export function trainTestSplit(ds: Dataset, testFraction: number, seed: number): { train: Dataset; test: Dataset } {
  if (typeof testFraction !== 'number' || !(testFraction >= 0 && testFraction < 1))
    throw new TrainerError('INVALID_ARGUMENT', `trainTestSplit: testFraction must be in [0, 1) (got ${testFraction})`);
  const perm = permutation(ds.count, seed);
  const nTest = testCount(ds.count, testFraction);
  return {
    train: subset(ds, perm.subarray(nTest)),
    test: subset(ds, perm.subarray(0, nTest)),
  };
}

/** How many of `count` examples {@link trainTestSplit} puts in the test set. */
export function testCount(count: number, testFraction: number): number {
  return Math.round(count * testFraction);
}
