/**
 * @module jobs/kept-updates
 * A plain round keeps each update (Float32) until training closes when its
 * strategy needs the individual updates (robust aggregation,
 * docs/robust-aggregation.md; fl-core `UpdateStore`) or its update bound is
 * the `median` rule (the bound is a multiple of the round's own median norm,
 * README "Bounded influence"; fl-core `HeldUpdates` for a strategy that works
 * on the sum, which holds them in pooled WebAssembly memory). That costs clientsPerRound × parameters × 4
 * bytes per round, which must fit the store's cap
 * (`DEFAULT_UPDATE_STORE_BYTES`, 1 GiB); a job that would not fit is refused
 * at creation, naming the settings that would fit, rather than refusing
 * updates (OVERSIZED) in every round. Secure rounds never keep updates.
 */
import { createStrategy, DEFAULT_UPDATE_STORE_BYTES } from '@fl/fl-core';
import type { JobConfig } from '@fl/protocol';
import { updateBoundOf } from './job-defaults';

/** Why a job's kept updates would not fit the store (empty when they fit or nothing is kept). */
export function keptUpdateProblems(
  config: Pick<JobConfig, 'clientsPerRound' | 'updateBound' | 'secureAggregation' | 'strategy'>,
  parameterCount: number,
  capBytes = DEFAULT_UPDATE_STORE_BYTES,
): string[] {
  if (config.secureAggregation.enabled) return [];
  const strategy = createStrategy(config.strategy);
  const bound = updateBoundOf(config);
  const byBound = bound.action !== 'off' && bound.rule === 'median';
  if (!strategy.needsIndividualUpdates && !byBound) return [];
  const bytes = config.clientsPerRound * parameterCount * 4;
  if (bytes <= capBytes) return [];
  const fit = Math.max(1, Math.floor(capBytes / Math.max(4, parameterCount * 4)));
  const why = strategy.needsIndividualUpdates ? `strategy ${strategy.name} needs each update` : 'updateBound rule median bounds each update by the round\'s own median norm';
  const alternatives = strategy.needsIndividualUpdates ? `lower clientsPerRound to ${fit} or less, or use a strategy that works on the sum (e.g. fedavg)` : `lower clientsPerRound to ${fit} or less, or set updateBound.rule to quantile or fixed (they bound each update as it arrives)`;
  return [`${why}, so a round keeps clientsPerRound × parameters × 4 = ${bytes} bytes, above the ${capBytes}-byte cap on kept updates: ${alternatives}`];
}
