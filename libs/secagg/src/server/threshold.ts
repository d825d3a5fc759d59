/**
 * @module server/threshold
 * Threshold checks run when a stage closes (Bell et al., CCS 2020; README.md
 * "Parameters"): abort as soon as any client has fewer than t live
 * neighbours, and report which client and stage. Returning the failure instead of a partial answer is what keeps the
 * server from ever releasing a partial sum.
 */
import { SecAggErrorCode, type SecAggErrorInfo } from '../errors';
import type { SecAggStage } from '../stages';
import type { ServerState } from './state';

export function belowThreshold(stage: SecAggStage, message: string, clientId?: string): SecAggErrorInfo {
  return { code: SecAggErrorCode.BelowThreshold, message, stage, ...(clientId ? { clientId } : {}) };
}

/** Every u in `alive` keeps ≥ t of its closed neighbourhood alive, and |alive| ≥ t. */
export function checkNeighbourhoods(state: ServerState, alive: readonly string[], stage: SecAggStage): SecAggErrorInfo | null {
  const t = state.config.t;
  if (alive.length < t) return belowThreshold(stage, `${alive.length} users left after ${stage}, below t = ${t}`);
  const set = new Set(alive);
  for (const u of alive) {
    let live = 1;
    for (const v of state.neighbours[u]) if (set.has(v)) live++;
    if (live < t) return belowThreshold(stage, `${u} has ${live} live members in its neighbourhood after ${stage}, below t = ${t}`, u);
  }
  return null;
}

/** Holders of `owner`'s shares: itself and every recipient of its ciphertexts. */
export function holdersOf(state: ServerState, owner: string): string[] {
  return [owner, ...Object.keys(state.shares[owner] ?? {})];
}

/** Every secret that must be rebuilt keeps ≥ t live holders. */
export function checkRecoverable(state: ServerState, alive: readonly string[], stage: SecAggStage): SecAggErrorInfo | null {
  const t = state.config.t;
  const set = new Set(alive);
  for (const u of state.u3 ?? []) {
    const n = holdersOf(state, u).filter((h) => set.has(h)).length;
    if (n < t) return belowThreshold(stage, `only ${n} live holders of ${u}'s b-shares, below t = ${t}`, u);
  }
  for (const v of state.dropped ?? []) {
    const n = Object.keys(state.shares[v] ?? {}).filter((h) => set.has(h)).length;
    if (n < t) return belowThreshold(stage, `only ${n} live holders of dropped ${v}'s s-shares, below t = ${t}`, v);
  }
  return null;
}
