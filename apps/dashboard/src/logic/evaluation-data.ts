/**
 * @module logic/evaluation-data
 * Shapes `GET /api/jobs/:id/evaluations` (docs/evaluation.md) for the Job
 * page: federated (the cohort's example-weighted mean on its local test
 * splits; McMahan et al., AISTATS 2017) and centralized (the coordinator on
 * the job's held-out `evalData`) accuracy and loss as separate series per
 * round, the centralized failures in words, one round's per-client rows,
 * and a model version's results in words (the Models page).
 */
import type { ClientEvaluation, JobEvaluations, ModelVersionView, RoundEvaluation } from '@fl/protocol';
import { num } from './format';
import type { Point, Series } from './chart-data';

function pick(rounds: readonly RoundEvaluation[], label: string, y: (r: RoundEvaluation) => number | null): Series {
  const points: Point[] = [];
  for (const r of rounds) {
    const v = y(r);
    if (v !== null && Number.isFinite(v)) points.push({ x: r.round, y: v });
  }
  return { label, points };
}

const central = (r: RoundEvaluation) => (r.centralized?.status === 'done' ? r.centralized : null);

/** Accuracy and loss per evaluated round; a series without points is left out. */
export function evaluationSeries(ev: JobEvaluations): { accuracy: Series[]; loss: Series[] } {
  const rounds = [...ev.rounds].sort((a, b) => a.round - b.round);
  const keep = (s: Series[]) => s.filter((x) => x.points.length > 0);
  return {
    accuracy: keep([pick(rounds, 'federated accuracy', (r) => r.federated?.accuracy ?? null), pick(rounds, 'centralized accuracy', (r) => central(r)?.accuracy ?? null)]),
    loss: keep([pick(rounds, 'federated loss', (r) => r.federated?.loss ?? null), pick(rounds, 'centralized loss', (r) => central(r)?.loss ?? null)]),
  };
}

/** Rounds whose centralized evaluation failed, with the coordinator's reason. */
export function centralizedFailures(ev: JobEvaluations): Array<{ round: number; error: string }> {
  return ev.rounds.flatMap((r) => (r.centralized?.status === 'failed' ? [{ round: r.round, error: r.centralized.error }] : []));
}

/** Rounds with per-client results, oldest first (the table's round picker). */
export function roundsWithClients(ev: JobEvaluations): number[] {
  return ev.rounds.filter((r) => r.clients.length > 0).map((r) => r.round).sort((a, b) => a - b);
}

export interface ClientEvaluationRow extends ClientEvaluation {
  name: string;
}

/** One round's per-client results, least accurate first (the clients the model serves worst); names from the client list when known. */
export function clientRows(ev: JobEvaluations, round: number, names: ReadonlyMap<string, string>): ClientEvaluationRow[] {
  const r = ev.rounds.find((x) => x.round === round);
  return (r?.clients ?? [])
    .map((c) => ({ ...c, name: names.get(c.clientId) ?? c.clientId.slice(0, 8) }))
    .sort((a, b) => a.accuracy - b.accuracy || a.name.localeCompare(b.name));
}

/** A version's federated and centralized results, one line each ('' when it has neither). */
export function versionEvaluation(v: Pick<ModelVersionView, 'federatedEval' | 'centralizedEval'>): { federated: string; centralized: string } {
  const f = v.federatedEval;
  const c = v.centralizedEval;
  return {
    federated: f ? `federated: acc ${num(f.accuracy)}, loss ${num(f.loss)} (${f.clients} clients, ${f.numExamples} examples)` : '',
    centralized: !c ? '' : c.status === 'done' ? `centralized: acc ${num(c.accuracy)}, loss ${num(c.loss)} (${c.numExamples} examples)` : `centralized failed: ${c.error}`,
  };
}
