/**
 * @module jobs/quarantine
 * The clients quarantined in a job (docs/secure-aggregation.md "Blame"): every
 * client an attempt's failures name with `SECAGG_MISBEHAVED`. Derived from the
 * job's round attempts, which are stored with the job, so a quarantine
 * survives a coordinator restart without a table of its own.
 */
import { ErrorCode, type QuarantinedClient, type RoundView } from '@fl/protocol';

/** In order of conviction, each client once (its first conviction). */
export function quarantinedIn(rounds: readonly RoundView[]): QuarantinedClient[] {
  const out: QuarantinedClient[] = [];
  const seen = new Set<string>();
  for (const r of rounds)
    for (const f of r.failures)
      if (f.code === ErrorCode.SecAggMisbehaved && !seen.has(f.clientId)) {
        seen.add(f.clientId);
        out.push({ clientId: f.clientId, round: r.round, attempt: r.attempt, reason: f.reason });
      }
  return out;
}

/** The ids of {@link quarantinedIn}, for cohort sampling. */
export function quarantinedIds(rounds: readonly RoundView[]): Set<string> {
  return new Set(quarantinedIn(rounds).map((q) => q.clientId));
}
