/**
 * @module rounds/round-view
 * The {@link RoundView} of a fresh attempt, the log line of a finished one,
 * and a one-line summary of its failures for failure reasons.
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
    updateBound: null,
    phaseSeconds: {},
    members: [],
  };
}

/** The log line of a finished attempt: time, updates, examples, metrics, failures, model. */
export function doneSummary(view: RoundView, modelHash: string): string {
  const m = view.metrics;
  const f = (v: number | null | undefined) => v?.toFixed(4) ?? '-';
  return (
    `done in ${view.seconds?.toFixed(2)} s: ${view.participants.length}/${view.cohort.length} updates, ${m?.examples} examples, ` +
    `train loss ${f(m?.trainLoss)} acc ${f(m?.trainAccuracy)}, eval loss ${f(m?.evalLoss)} acc ${f(m?.evalAccuracy)}, ` +
    `${view.failures.length} failure(s)${boundSummary(view)}, model ${modelHash.slice(0, 12)}`
  );
}

/** `, 2 clipped / 1 refused at L2 bound 3.2` when the update bound acted. */
function boundSummary(view: RoundView): string {
  const b = view.updateBound;
  if (!b || b.bound === null || (b.clipped === 0 && b.refused === 0)) return '';
  return `, ${b.clipped} clipped / ${b.refused} refused at L2 bound ${b.bound.toPrecision(3)}`;
}

/** e.g. `2 DEADLINE_PASSED, 1 DISCONNECTED`. */
export function failureSummary(failures: readonly RoundFailure[]): string {
  const byCode = new Map<string, number>();
  for (const f of failures) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
  return byCode.size ? [...byCode].map(([c, n]) => `${n} ${c}`).join(', ') : 'no failures recorded';
}
