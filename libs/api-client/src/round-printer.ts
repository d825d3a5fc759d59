/**
 * @module round-printer
 * Turns successive JobViews into one progress line per finished round
 * attempt: round, participants, loss, accuracy, seconds, and for secure rounds
 * the graph degree k, threshold t and survivors. Text or JSON lines.
 * Accuracy and loss are the federated evaluation of the new global model when
 * the job evaluates, else the example-weighted training metrics. Shared by
 * `npm run demo`, `npm run bench` and `fl jobs watch`.
 */
import type { JobView, RoundView } from '@fl/protocol';

export interface RoundLine {
  round: number;
  attempt: number;
  phase: string;
  participants: number;
  cohort: number;
  loss: number | null;
  accuracy: number | null;
  /** 'eval' when loss/accuracy come from federated evaluation, else 'train'. */
  metricsFrom: 'eval' | 'train';
  examples: number;
  seconds: number | null;
  failureReason: string | null;
  /** Secure aggregation: degree k, threshold t, survivors of n, dropped-and-unmasked; null for plain rounds. */
  secure: { k: number; t: number; n: number; survivors: number; dropped: number } | null;
}

export function roundLine(r: RoundView): RoundLine {
  const m = r.metrics;
  const fromEval = m?.evalAccuracy != null;
  return {
    round: r.round,
    attempt: r.attempt,
    phase: r.phase,
    participants: r.participants.length,
    cohort: r.cohort.length,
    loss: (fromEval ? m?.evalLoss : m?.trainLoss) ?? null,
    accuracy: (fromEval ? m?.evalAccuracy : m?.trainAccuracy) ?? null,
    metricsFrom: fromEval ? 'eval' : 'train',
    examples: m?.examples ?? 0,
    seconds: r.seconds,
    failureReason: r.failureReason,
    secure: r.secureAggregation ? { k: r.secureAggregation.k, t: r.secureAggregation.t, n: r.secureAggregation.n, survivors: r.secureAggregation.survivors, dropped: r.secureAggregation.dropped } : null,
  };
}

export function formatRoundLine(l: RoundLine, totalRounds: number): string {
  const num = (v: number | null, d = 4) => (v === null ? '   n/a' : v.toFixed(d));
  const head = `round ${String(l.round).padStart(2)}/${totalRounds}${l.attempt > 1 ? ` (attempt ${l.attempt})` : ''}`;
  if (l.phase === 'failed') return `${head}  FAILED: ${l.failureReason ?? 'unknown reason'}`;
  const sec = l.secure ? `  secagg k=${l.secure.k} t=${l.secure.t} survivors ${l.secure.survivors}/${l.secure.n}` : '';
  return `${head}  participants ${l.participants}/${l.cohort}  loss ${num(l.loss)}  accuracy ${num(l.accuracy)} (${l.metricsFrom})  ${num(l.seconds, 1)} s${sec}`;
}

export class RoundPrinter {
  private readonly printed = new Set<string>();

  constructor(
    private readonly json: boolean,
    private readonly out: (line: string) => void = (s) => console.log(s),
  ) {}

  /** Prints every round attempt of `job` that finished since the last call. */
  update(job: JobView): RoundLine[] {
    const fresh: RoundLine[] = [];
    for (const r of job.rounds) {
      if (r.phase !== 'done' && r.phase !== 'failed') continue;
      const key = `${r.round}/${r.attempt}`;
      if (this.printed.has(key)) continue;
      this.printed.add(key);
      const l = roundLine(r);
      fresh.push(l);
      this.out(this.json ? JSON.stringify({ event: 'round', ...l }) : formatRoundLine(l, job.config.rounds));
    }
    return fresh;
  }
}
