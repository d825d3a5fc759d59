/**
 * @module privacy/ddg-range-check
 * The range check of a distributed-discrete-Gaussian sum (docs/privacy.md
 * "Range check"; the bounds and their proof: `@fl/privacy` ddg-range): the
 * unmasked ring sum is centred mod 2^bits and checked, still scaled and
 * rotated, against what its `contributors` clipped clients and their noise
 * can reach (false alarm ≤ 1e-9). Outside, the attempt fails with
 * SUM_OUT_OF_RANGE, the code of the plain secure path's bounded-influence
 * check (docs/secure-aggregation.md "Bounded influence"), and no model is
 * released. With adaptive clipping the count word (word d) is checked as
 * well (`checkDdgCountRange`).
 */
import type { TaskDdg } from '@fl/protocol';
import { checkDdgCountRange, checkDdgSumRange, fromModular } from '@fl/privacy';
import { SecAggError, SecAggErrorCode } from '@fl/secagg';

/** @throws SecAggError SUM_OUT_OF_RANGE when the sum is outside the honest range */
export function checkDdgRange(sum: Uint32Array, task: TaskDdg, clip: number, contributors: number): void {
  const z = fromModular(sum.subarray(0, task.dim), task.bits);
  const localStddev = Math.sqrt(task.localVariance);
  const v = checkDdgSumRange(z, { contributors, dim: task.dim, clip, scale: task.scale, beta: task.beta, localStddev });
  if (!v.ok) throw new SecAggError(SecAggErrorCode.OutOfRange, `${v.reason}: a member did not clip its update; the sum is not released`);
  if (!task.countAmplitude) return;
  // Adaptive clipping's count word (word d): bounded too, or one member would steer the clip norm.
  const count = checkDdgCountRange(fromModular(sum.subarray(task.dim, task.dim + 1), task.bits)[0], { contributors, countAmplitude: task.countAmplitude, localStddev });
  if (!count.ok) throw new SecAggError(SecAggErrorCode.OutOfRange, `${count.reason}: a member sent a count it cannot have; the sum is not released`);
}
