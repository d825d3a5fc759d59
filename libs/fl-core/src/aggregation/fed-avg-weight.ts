/**
 * @module aggregation/fed-avg-weight
 * The FedAvg aggregation weight of one result (McMahan et al., AISTATS 2017).
 * n_k is the client's number of *local training examples* (not examples
 * processed, not steps). With a cap ŵ the weight is min(n_k/ŵ, 1), which bounds
 * any single client's influence; the cap is mandatory under DP and whenever
 * secure aggregation hides the weights.
 */
import { InvalidArgumentError } from '../errors/invalid-argument-error';

/**
 * `cap ? min(n/cap, 1) : n`. An undefined or 0 cap means uncapped.
 * @throws InvalidArgumentError for a negative / non-integer n or a negative / non-finite cap.
 */
export function fedAvgWeight(numExamples: number, cap?: number): number {
  const problems: string[] = [];
  if (!Number.isSafeInteger(numExamples) || numExamples < 0) problems.push(`numExamples must be a non-negative integer (got ${numExamples})`);
  if (cap !== undefined && (!Number.isFinite(cap) || cap < 0)) problems.push(`cap must be a finite number >= 0 (got ${cap})`);
  if (problems.length) throw new InvalidArgumentError('fedAvgWeight', problems);
  return cap ? Math.min(numExamples / cap, 1) : numExamples;
}
