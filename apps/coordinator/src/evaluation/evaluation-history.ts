/**
 * @module evaluation/evaluation-history
 * A job's evaluation history from its model versions (docs/evaluation.md):
 * one entry per evaluated round (federated means + per-client rows +
 * centralized result), and the per-round summary the job status shows.
 */
import { RoundPhase, type JobConfig, type JobEvaluations, type JobView, type RoundEvaluation, type RoundView } from '@fl/protocol';
import { evaluateEveryOf } from '../jobs/job-defaults';
import type { ModelVersionRecord } from '../persistence/model-versions.repository';

function evaluated(v: ModelVersionRecord): boolean {
  return v.round > 0 && (v.federatedEval != null || v.centralizedEval != null);
}

/** `GET /api/jobs/:id/evaluations` from the job's versions (any order). */
export function jobEvaluations(jobId: string, config: JobConfig, versions: readonly ModelVersionRecord[]): JobEvaluations {
  const rounds: RoundEvaluation[] = versions
    .filter(evaluated)
    .sort((a, b) => a.round - b.round)
    .map((v) => ({
      round: v.round,
      modelVersionId: v.id,
      createdAt: v.createdAt.toISOString(),
      federated: v.federatedEval?.summary ?? null,
      clients: v.federatedEval?.clients ?? [],
      centralized: v.centralizedEval ?? null,
    }));
  return { jobId, evaluateEvery: evaluateEveryOf(config), evalData: config.evalData ?? null, rounds };
}

/** The job view with each completed, evaluated round showing its evaluation (a copy: `view` is not changed). */
export function withEvaluations(view: JobView, versions: readonly ModelVersionRecord[]): JobView {
  const byRound = new Map(versions.filter(evaluated).map((v) => [v.round, v]));
  if (byRound.size === 0) return view;
  const rounds = view.rounds.map((r): RoundView => {
    const v = r.phase === RoundPhase.Done ? byRound.get(r.round) : undefined;
    return v ? { ...r, evaluation: { federated: v.federatedEval?.summary ?? null, centralized: v.centralizedEval ?? null } } : r;
  });
  return { ...view, rounds };
}
