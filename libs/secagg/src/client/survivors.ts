/**
 * @module client/survivors
 * Checks a U3 announced by the server against what this client saw: canonical
 * order, only participants, u itself included, every neighbour in U3 is one
 * whose shares u holds (U3 ⊆ U2), and at least t of u's closed neighbourhood
 * survive (|U3 ∩ N[u]| ≥ t; for the complete graph that is |U3| ≥ t).
 */
import { isCanonical } from '../config';
import { SecAggError, SecAggErrorCode } from '../errors';
import type { SecAggStage } from '../stages';
import { idList } from '../util/guards';
import { configOf, inClosedNeighbourhood, type ClientState } from './state';

export function checkSurvivors(state: ClientState, survivors: unknown, stage: SecAggStage): string[] {
  const cfg = configOf(state);
  const u3 = idList(survivors, 'survivors', stage, cfg.participants.length);
  const refuse = (msg: string, code: SecAggErrorCode = SecAggErrorCode.UnmaskRefused): never => {
    throw new SecAggError(code, msg, stage, state.id);
  };
  if (!isCanonical(u3)) refuse('U3 is not in canonical order');
  const participants = new Set(cfg.participants);
  if (!u3.every((id) => participants.has(id))) refuse('U3 names non-participants');
  if (!u3.includes(state.id)) refuse('U3 does not contain this client');
  let live = 0;
  for (const id of u3) {
    if (!inClosedNeighbourhood(state, id)) continue;
    if (!state.held[id]) refuse(`${id} is in U3 but not in U2 as this client saw it`);
    live++;
  }
  if (u3.length < cfg.t || live < cfg.t) refuse(`|U3 ∩ N[u]| = ${live} < t = ${cfg.t}`, SecAggErrorCode.BelowThreshold);
  return u3;
}
