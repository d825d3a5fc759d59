/**
 * @module rounds/update-bound-state
 * Where a job's adaptive update bound lives between rounds: in its stored
 * round views. Only the `quantile` rule carries a bound from round to round
 * (`fixed` is `norm`; `median` takes each round's own median when training
 * closes, fl-core bounds/update-bound). Each plain attempt records the bound
 * it applied and the next one (`updateBound.nextBound`); the next round
 * starts from the last *completed* round's, so a failed attempt never moves
 * the bound and a coordinator restart continues where the job was.
 */
import { RoundPhase, type JobConfig, type RoundView } from '@fl/protocol';
import { updateBoundOf } from '../jobs/job-defaults';

export function currentUpdateBound(config: Pick<JobConfig, 'updateBound'>, rounds: readonly RoundView[]): number {
  const policy = updateBoundOf(config);
  if (policy.rule !== 'quantile') return policy.norm;
  for (let i = rounds.length - 1; i >= 0; i--) {
    const r = rounds[i];
    if (r.phase !== RoundPhase.Done) continue;
    const next = r.updateBound?.nextBound;
    if (typeof next === 'number' && Number.isFinite(next) && next > 0 && r.updateBound?.rule === policy.rule) return next;
  }
  return policy.norm;
}
