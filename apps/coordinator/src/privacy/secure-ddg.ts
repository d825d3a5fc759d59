/**
 * @module privacy/secure-ddg
 * Where a secure round of a DP job differs (docs/privacy.md "Modes"): the
 * task carries the round's distributed discrete Gaussian encoding and the
 * masked vectors are d words (the rotated, scaled, rounded, noised update
 * mod 2^bits) instead of P quantised coordinates and a weight word; the
 * unmasked sum is decoded by ddg-params, refused when fewer clients than the
 * noise was calibrated for survived (their noise left with them). Kept apart
 * from secure-aggregation/, which only calls these two functions.
 */
import type { AggregateInput } from '@fl/fl-core';
import type { JobConfig, TaskDdg, TaskPrivacy } from '@fl/protocol';
import { SecAggError, SecAggErrorCode, type SecAggResult } from '@fl/secagg';
import type { SecureEncoding } from '../secure-aggregation/secure-params';
import { ddgAggregateInput, ddgTaskFor, ddgVectorLength } from './ddg-params';
import { checkDdgRange } from './ddg-range-check';
import { taskPrivacy } from './round-privacy';

/**
 * The task's privacy field for a cohort of `n` and the round's clip norm
 * `clip` (adaptive clipping's C; default the job's), and `encoding` with d
 * ring words (d + 1 with adaptive clipping's count word).
 * @throws PrivacyError MODULUS_TOO_SMALL
 */
export function withDdg(encoding: SecureEncoding, config: JobConfig, n: number, budget?: number, clip?: number): { privacy: TaskPrivacy; ddg: TaskDdg } {
  const c = config.privacy!;
  const ddg = ddgTaskFor(c.ddg!, c.clip, n, undefined, clip ?? c.clip);
  encoding.task = { ...encoding.task, vectorLength: ddgVectorLength(ddg) };
  return { privacy: { ...taskPrivacy(c, { cohort: n, budget, minClients: config.minClients, clip }), ddg }, ddg };
}

/** @throws SecAggError INVALID_PARAMS when fewer survivors than the noise was calibrated for, SUM_OUT_OF_RANGE outside the honest range */
export function ddgInput(result: SecAggResult, ddg: TaskDdg, config: JobConfig, params: number): AggregateInput {
  const n = result.survivors.length;
  const need = config.privacy!.ddg!.minContributors;
  if (n < need) throw new SecAggError(SecAggErrorCode.InvalidParams, `only ${n} client(s) survived; the noise is calibrated for at least ${need}, so the sum is not released`);
  // SUM_OUT_OF_RANGE (privacy/ddg-range-check), for the round's C = c/s_r (adaptive clipping keeps c = C·s fixed).
  checkDdgRange(result.sum, ddg, (config.privacy!.clip * config.privacy!.ddg!.scale) / ddg.scale, n);
  return ddgAggregateInput(result.sum, ddg, params, n, config.clientsPerRound);
}
