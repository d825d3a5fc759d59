/**
 * @module rounds/round-view
 * The {@link RoundView} of a fresh attempt, and a one-line summary of its
 * failures for failure reasons.
 */
import { RoundPhase, type RoundFailure, type RoundView } from '@fl/protocol';

export function newRoundView(round: number, attempt: number, startedAt: number): RoundView {
  return {
    round,
    attempt,
    phase: RoundPhase.WaitingForClients,
    cohort: [],
    participants: [],
    failures: [],
    metrics: null,
    startedAt: new Date(startedAt).toISOString(),
    endedAt: null,
    seconds: null,
    failureReason: null,
    phaseDeadline: null,
    secureAggregation: null,
    phaseSeconds: {},
  };
}

/** e.g. `2 DEADLINE_PASSED, 1 DISCONNECTED`. */
export function failureSummary(failures: readonly RoundFailure[]): string {
  const byCode = new Map<string, number>();
  for (const f of failures) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
  return byCode.size ? [...byCode].map(([c, n]) => `${n} ${c}`).join(', ') : 'no failures recorded';
}
