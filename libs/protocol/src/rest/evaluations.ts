/**
 * @module rest/evaluations
 * REST shapes of model evaluation (docs/evaluation.md):
 * - federated: the cohort evaluates the new global model on its local test
 *   splits; each client's result is kept, and their example-weighted mean
 *   (McMahan et al., AISTATS 2017) is the round's figure;
 * - centralized: the coordinator evaluates the version on a held-out dataset
 *   it holds (the job's `evalData`), in its inference workers.
 * `GET /api/jobs/:id/evaluations` returns the history, one entry per
 * evaluated round.
 */

/** One client's federated evaluation result. */
export interface ClientEvaluation {
  clientId: string;
  numExamples: number;
  loss: number;
  accuracy: number;
  /** Extra metrics the model defines (empty when none). */
  metrics: Record<string, number>;
}

/** A round's federated evaluation: example-weighted means over the clients that reported. */
export interface FederatedEvaluation {
  /** Clients whose results count. */
  clients: number;
  numExamples: number;
  loss: number;
  accuracy: number;
  /** Each extra metric's example-weighted mean over the clients that reported it. */
  metrics: Record<string, number>;
}

/** The coordinator's evaluation of a version on the job's held-out `evalData`. */
export type CentralizedEvaluation =
  | { status: 'done'; dataset: string; numExamples: number; loss: number; accuracy: number; seconds: number; evaluatedAt: string }
  /** A failure is recorded, never fatal to the job. */
  | { status: 'failed'; dataset: string; error: string; evaluatedAt: string };

/** What the job status shows per round (`RoundView.evaluation`). */
export interface RoundEvaluationSummary {
  federated: FederatedEvaluation | null;
  /** Null until the centralized evaluation finished (or when the round is not evaluated centrally). */
  centralized: CentralizedEvaluation | null;
}

/** One evaluated round of a job's history. */
export interface RoundEvaluation {
  round: number;
  /** The model version the round produced. */
  modelVersionId: string;
  createdAt: string;
  federated: FederatedEvaluation | null;
  /** Each client's result (empty without federated evaluation). */
  clients: ClientEvaluation[];
  centralized: CentralizedEvaluation | null;
}

/** `GET /api/jobs/:id/evaluations`: oldest round first. */
export interface JobEvaluations {
  jobId: string;
  /** The job's cadence: rounds r with r % evaluateEvery = 0, and the last. */
  evaluateEvery: number;
  /** The job's centralized evaluation dataset, if any. */
  evalData: string | null;
  rounds: RoundEvaluation[];
}
