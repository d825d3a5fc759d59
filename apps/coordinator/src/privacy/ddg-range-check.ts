/**
 * @module privacy/ddg-range-check
 * The range check of a distributed-discrete-Gaussian sum (docs/privacy.md
 * "Range check"; the bounds and their proof: `@fl/privacy` ddg-range): the
 * unmasked ring sum is centred mod 2^bits and checked, still scaled and
 * rotated, against what its `contributors` clipped clients and their noise
 * can reach (false alarm ≤ 1e-9). Outside, the attempt fails with
 * SUM_OUT_OF_RANGE, the code of the plain secure path's bounded-influence
 * check (docs/secure-aggregation.md "Bounded influence"), and no model is
 * released.
 */
import type { TaskDdg } from '@fl/protocol';
import { checkDdgSumRange, fromModular } from '@fl/privacy';
import { SecAggError, SecAggErrorCode } from '@fl/secagg';

/** @throws SecAggError SUM_OUT_OF_RANGE when the sum is outside the honest range */
export function checkDdgRange(sum: Uint32Array, task: TaskDdg, clip: number, contributors: number): void {
  const z = fromModular(sum.subarray(0, task.dim), task.bits);
  const v = checkDdgSumRange(z, { contributors, dim: task.dim, clip, scale: task.scale, beta: task.beta, localStddev: Math.sqrt(task.localVariance) });
  if (!v.ok) throw new SecAggError(SecAggErrorCode.OutOfRange, `${v.reason}: a member did not clip its update; the sum is not released`);
}
