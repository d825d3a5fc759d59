/**
 * @module commands/job-budget
 * `fl jobs budget <id> --epsilon E`: raises a differentially private job's
 * ε budget (`POST /api/jobs/:id/privacy/budget`, permission `privacy:write`:
 * admins only; audited as `jobs.raiseBudget`; docs/privacy.md "Budget").
 * Spending is never touched; a job stopped at its budget is started again
 * with `fl jobs start`. The coordinator's refusals keep their code and
 * status: 400 when E is not larger than the current budget or the job is not
 * DP, 403 for viewer and operator tokens (with what is needed, in words),
 * 404 for an unknown job.
 */
import { ApiError } from '@fl/api-client';
import { JobStatus, PRIVACY_BUDGET_EXHAUSTED, type JobView } from '@fl/protocol';
import type { Command } from 'commander';
import { positiveArg } from '../parse';
import type { Act } from './register';

/** The human line after a raise: new budget, what is spent, and how to resume a job stopped at its budget. */
export function describeBudget(j: JobView): string {
  const p = j.privacy;
  if (!p) return `job ${j.id}: no privacy ledger`;
  const head = `job ${j.id}: privacy budget ε = ${p.budgetEpsilon} (spent ε = ${round(p.epsilonSpent)} over ${p.steps} round(s), δ = ${p.delta}; the next round would bring it to ${round(p.nextEpsilon)})`;
  const stopped = j.status === JobStatus.Stopped && (j.statusReason ?? '').startsWith(PRIVACY_BUDGET_EXHAUSTED);
  return stopped ? `${head}\njob ${j.id} is stopped at its old budget: resume it with \`fl jobs start ${j.id}\`` : `${head}; status ${j.status}`;
}

const round = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x));

/** A 403 says which token is needed; every other error passes as it is. */
export function explainBudgetError(e: unknown): unknown {
  if (e instanceof ApiError && e.status === 403)
    return new ApiError(e.status, e.code, `${e.detail}: only an admin token may raise a privacy budget (permission privacy:write)`, e.request, e.body);
  return e;
}

export function registerJobBudget(jobs: Command, act: Act): void {
  jobs
    .command('budget <id>')
    .description("raise a DP job's ε budget (admins only, audited); a job stopped at its budget is then started again with `fl jobs start`")
    .requiredOption('--epsilon <E>', 'the new ε budget: larger than the current one', positiveArg)
    .action(
      act(async (ctx, id: string, o: { epsilon: number }) => {
        let job: JobView;
        try {
          job = await ctx.api().jobs.raiseBudget(id, o.epsilon);
        } catch (e) {
          throw explainBudgetError(e);
        }
        ctx.print(job, describeBudget);
      }),
    );
}
