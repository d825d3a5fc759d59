/**
 * @module logic/timeline
 * Shapes a round attempt's `members` (`@fl/protocol` rest/round-members)
 * into the Job page's timeline rows, and its secure-aggregation counters
 * into survivors-against-threshold rows per stage (SecAgg+, Bell et al.
 * CCS 2020: the server needs at least t answers at every stage;
 * docs/secure-aggregation.md).
 */
import { MEMBER_END_STATES, MEMBER_STATES, SECAGG_STAGES, type MemberState, type MemberStep, type RoundView, type SecAggRoundView, type SecAggStageName } from '@fl/protocol';

export interface TimelineRow {
  clientId: string;
  name: string;
  /** The latest step's state. */
  state: MemberState;
  /** The latest step's error code, if any. */
  code: string | null;
  steps: MemberStep[];
  /** Secure-aggregation stages the member answered, in protocol order. */
  stages: SecAggStageName[];
  /** The member has left the attempt (or its update is in the aggregate). */
  ended: boolean;
}

/** The attempt's members, in cohort order; names from the client list when known. */
export function timelineRows(round: RoundView, names: ReadonlyMap<string, string>): TimelineRow[] {
  return (round.members ?? []).map((m) => {
    const last = m.steps[m.steps.length - 1];
    const reached = new Set(m.steps.map((s) => s.state));
    return {
      clientId: m.clientId,
      name: names.get(m.clientId) ?? m.clientId.slice(0, 8),
      state: last?.state ?? 'offered',
      code: last?.code ?? null,
      steps: m.steps,
      stages: SECAGG_STAGES.filter((s) => reached.has(s)),
      ended: last ? MEMBER_END_STATES.includes(last.state) : false,
    };
  });
}

/** What each member state means; a `Record` so a new protocol state cannot go unexplained. */
const MEANINGS: Record<MemberState, string> = {
  offered: 'task sent, no answer yet',
  accepted: 'took the task',
  declined: 'turned the task down',
  downloading: "fetching the round's global model (a client with it cached skips this)",
  training: 'training locally',
  uploaded: 'update received',
  'advertise-keys': 'secure aggregation: keys advertised',
  'share-keys': 'secure aggregation: key shares sent',
  'masked-input': 'secure aggregation: masked update sent',
  'consistency-check': 'secure aggregation: consistency check signed',
  unmask: 'secure aggregation: unmasking shares sent',
  aggregated: 'update in the aggregate',
  dropped: 'disconnected during the round',
  timed_out: 'ran out of time',
  refused: 'a message was refused (see its code)',
  cancelled: 'round ended before the member finished',
};

/** The timeline's legend: every member state in protocol order, with its meaning. */
export function legend(): Array<{ state: MemberState; meaning: string }> {
  return MEMBER_STATES.map((state) => ({ state, meaning: MEANINGS[state] }));
}

/** How many members are in each state now (for the summary line). */
export function stateCounts(rows: readonly TimelineRow[]): Array<[MemberState, number]> {
  const c = new Map<MemberState, number>();
  for (const r of rows) c.set(r.state, (c.get(r.state) ?? 0) + 1);
  return [...c];
}

export interface StageSurvivors {
  stage: SecAggStageName;
  /** Members that answered the stage; null while it is still being collected or never ran. */
  survivors: number | null;
  t: number;
  /** survivors ≥ t (null while unknown). */
  enough: boolean | null;
  seconds: number | null;
  current: boolean;
}

/** One row per stage of the threat model. */
export function stageSurvivors(sa: SecAggRoundView): StageSurvivors[] {
  const stages = SECAGG_STAGES.filter((s) => s !== 'consistency-check' || sa.threatModel === 'active');
  return stages.map((stage) => {
    const survivors = sa.stageSurvivors?.[stage] ?? null;
    return { stage, survivors, t: sa.t, enough: survivors === null ? null : survivors >= sa.t, seconds: sa.stageSeconds[stage] ?? null, current: sa.stage === stage };
  });
}

/** The round's latest attempt (the one the timeline shows by default). */
export function latestAttempt(rounds: readonly RoundView[], round: number): RoundView | null {
  let best: RoundView | null = null;
  for (const r of rounds) if (r.round === round && (!best || r.attempt > best.attempt)) best = r;
  return best;
}
