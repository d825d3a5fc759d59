/**
 * @module rest/models
 * REST shapes of the model registry (`/api/models`) and model serving
 * (`/api/models/{id|serving}/predict`).
 */
import type { PrivacySpent } from './privacy';
import type { TensorSpec } from '../messages/model';
import type { RoundMetrics } from './jobs';
import type { CentralizedEvaluation, FederatedEvaluation } from './evaluations';

/** The alias `POST /api/models/serving/predict` (and the other version routes) accept in place of an id. */
export const SERVING_ALIAS = 'serving';

/** Default largest batch `predict` accepts (the coordinator's `--serving-max-batch`). */
export const DEFAULT_SERVING_MAX_BATCH = 256;

/** One global model version with its lineage. */
export interface ModelVersionView {
  id: string;
  hash: string;
  /** Null for an imported model. */
  jobId: string | null;
  /** 0 = a job's initial (or an imported) model; r = after round r. */
  round: number;
  parentId: string | null;
  participants: string[];
  metrics: RoundMetrics | null;
  /** The federated evaluation of this version (null when its round was not evaluated). */
  federatedEval: FederatedEvaluation | null;
  /** The coordinator's evaluation on the job's held-out `evalData` (null when none ran). */
  centralizedEval: CentralizedEvaluation | null;
  secureAggregation: boolean;
  /** (ε, δ) the job had spent when this version was released (DP jobs; null otherwise). */
  privacy: PrivacySpent | null;
  createdAt: string;
  name: string | null;
  /** Whether this is the serving version. */
  serving: boolean;
  parameterCount: number;
  layout: TensorSpec[];
  /** Whether the version has a TF.js topology (downloadable and servable); false for layout-only models. */
  hasTopology: boolean;
}

export interface PredictRequest {
  /** A batch: one entry per example, each of the model's input shape (or flat, of its size). */
  inputs: unknown[];
}

export interface PredictResponse {
  modelId: string;
  /** The model's output per example (flattened per example). */
  predictions: number[][];
  /** Index of the largest output per example. */
  argmax: number[];
  /** Shape of one example's output. */
  outputShape: number[];
}
