/**
 * @module jobs/suspects
 * Who a job's cohorts screen after a refused secure sum
 * (docs/secure-aggregation.md "Screening suspects"). A sum refused with
 * WEIGHT_MISMATCH or SUM_OUT_OF_RANGE proves that one of its contributors
 * chose its words, but not which one (that would take per-input
 * zero-knowledge proofs), so nobody is convicted. Instead the refused
 * attempt is a positive *group test* in the sense of adaptive group testing
 * (Dorfman, Ann. Math. Stat. 1943; for federated learning under secure
 * aggregation: Xhemrishi et al., "FedGT", IEEE JSAIT 2024): at least one of
 * its contributors is malicious, and a completed attempt is a negative one.
 *
 * Derived from the job's round attempts, in order (stored with the job, so it
 * survives a restart, as the quarantine does), each client's latest test:
 *
 * - a completed attempt clears its participants;
 * - a refused attempt makes its contributors suspects of that attempt's
 *   group, except those already cleared: a cleared client was honest in a
 *   completed attempt, so the blame falls on the untested ones. When every
 *   contributor was cleared, all of them become suspects again (a client may
 *   behave once and cheat later).
 *
 * A group's `blamed` is how many it suspected; `live` how many are still its
 * suspects. A group whose suspects were mostly blamed again later (live <
 * blamed) is largely explained by that later group, so its rest is the least
 * suspicious (rounds/suspect-screen).
 */
import type { RoundView, SuspectClient } from '@fl/protocol';
import { RoundPhase } from '@fl/protocol';

export interface SuspectGroup {
  /** `round.attempt` of the refused attempt. */
  key: string;
  round: number;
  attempt: number;
  code: string;
  /** How many contributors it suspected. */
  blamed: number;
  /** Its contributors that are still its suspects (their latest test), sorted. */
  live: string[];
}

export interface Suspicion {
  /** Clients whose latest test is a completed attempt. */
  cleared: ReadonlySet<string>;
  /** Groups with at least one live suspect, oldest first. */
  groups: SuspectGroup[];
}

export const NO_SUSPICION: Suspicion = { cleared: new Set(), groups: [] };

/** Each client's latest test over `rounds` (every attempt of the job, in order). */
export function suspicionOf(rounds: readonly RoundView[]): Suspicion {
  const latest = new Map<string, string>(); // client → 'cleared' | group key
  const groups = new Map<string, Omit<SuspectGroup, 'live'>>();
  for (const r of rounds) {
    if (r.phase === RoundPhase.Done) {
      for (const id of r.participants) latest.set(id, 'cleared');
      continue;
    }
    const refused = r.refusedSum;
    if (!refused || refused.contributors.length === 0) continue;
    const untested = refused.contributors.filter((id) => latest.get(id) !== 'cleared');
    const blamed = untested.length > 0 ? untested : refused.contributors;
    const key = `${r.round}.${r.attempt}`;
    groups.set(key, { key, round: r.round, attempt: r.attempt, code: refused.code, blamed: blamed.length });
    for (const id of blamed) latest.set(id, key);
  }
  const live = new Map<string, string[]>();
  const cleared = new Set<string>();
  for (const [id, state] of latest) {
    if (state === 'cleared') cleared.add(id);
    else live.set(state, [...(live.get(state) ?? []), id]);
  }
  const out: SuspectGroup[] = [];
  for (const [key, g] of groups) {
    const ids = live.get(key);
    if (ids) out.push({ ...g, live: ids.sort() });
  }
  return { cleared, groups: out };
}

/** The job view's list: each suspect with the refused attempt it is suspected from. */
export function suspectsIn(rounds: readonly RoundView[]): SuspectClient[] {
  return suspicionOf(rounds).groups.flatMap((g) => g.live.map((clientId) => ({ clientId, round: g.round, attempt: g.attempt, code: g.code })));
}
