/**
 * @module logic/contributions
 * Per client, from the jobs the dashboard follows: rounds whose aggregate
 * holds its update (`RoundView.participants`) and the failures recorded
 * against it (`RoundView.failures`: refused messages, drops, timeouts).
 */
import type { JobView } from '@fl/protocol';

export interface Contribution {
  rounds: number;
  failures: number;
  /** The codes of its failures, most frequent first. */
  codes: string[];
}

export function contributions(jobs: Iterable<JobView>): Map<string, Contribution> {
  const out = new Map<string, { rounds: number; failures: number; byCode: Map<string, number> }>();
  const of = (id: string) => {
    let c = out.get(id);
    if (!c) out.set(id, (c = { rounds: 0, failures: 0, byCode: new Map() }));
    return c;
  };
  for (const j of jobs)
    for (const r of j.rounds) {
      if (r.phase === 'done') for (const id of r.participants) of(id).rounds++;
      for (const f of r.failures) {
        const c = of(f.clientId);
        c.failures++;
        c.byCode.set(f.code, (c.byCode.get(f.code) ?? 0) + 1);
      }
    }
  return new Map(
    [...out].map(([id, c]) => [id, { rounds: c.rounds, failures: c.failures, codes: [...c.byCode].sort((a, b) => b[1] - a[1]).map(([code]) => code) }]),
  );
}
