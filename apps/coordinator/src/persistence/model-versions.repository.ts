/**
 * @module persistence/model-versions.repository
 * The model registry's records: every global model version with its lineage
 * (job, round, parent version, participants, metrics, whether secure
 * aggregation produced it, the privacy budget spent once privacy lands) and
 * which version is serving. The weights themselves live in the
 * content-addressed {@link ModelStore} under `hash`.
 *
 * A version is added for a job's initial model (round 0) and for every
 * successful round, in the same step that moves the job to that model.
 * Imported models have no job (`jobId` null, round 0).
 *
 * Evaluation (docs/evaluation.md): the federated evaluation (its means and
 * each client's row) is written with the version; the centralized one
 * arrives later, from the inference workers, through `setCentralizedEval`.
 */
import type { CentralizedEvaluation, ClientEvaluation, FederatedEvaluation, PrivacySpent, RoundMetrics } from '@fl/protocol';

export const MODEL_VERSIONS_REPOSITORY = Symbol('MODEL_VERSIONS_REPOSITORY');

/** A version's federated evaluation as stored: the means (null: no client reported) and each client's row. */
export interface StoredFederatedEval {
  summary: FederatedEvaluation | null;
  clients: ClientEvaluation[];
}

export interface ModelVersionRecord {
  /** Version id (UUID). */
  readonly id: string;
  /** Model hash of the weights in the model store. */
  readonly hash: string;
  readonly jobId: string | null;
  /** 0 = the job's initial (or an imported) model; r = after round r. */
  readonly round: number;
  readonly parentId: string | null;
  /** Clients whose updates are in this version's aggregate. */
  readonly participants: string[];
  readonly metrics: RoundMetrics | null;
  readonly secureAggregation: boolean;
  /** DP jobs: (ε, δ) the job had spent when this version was released (its ledger after this round); null otherwise. */
  readonly privacy: PrivacySpent | null;
  readonly createdAt: Date;
  /** Free-form name (imports). */
  readonly name: string | null;
  /** Null or absent: the round was not evaluated by its cohort. */
  readonly federatedEval?: StoredFederatedEval | null;
  /** Null or absent: no centralized evaluation has finished. */
  readonly centralizedEval?: CentralizedEvaluation | null;
}

export interface ModelVersionsRepository {
  add(v: ModelVersionRecord): Promise<void>;
  get(id: string): Promise<ModelVersionRecord | undefined>;
  /** Oldest first; only `jobId`'s versions when given. */
  list(filter?: { jobId?: string }): Promise<ModelVersionRecord[]>;
  /** The newest version of a job (its current model). */
  latest(jobId: string): Promise<ModelVersionRecord | undefined>;
  /** Records version `id`'s centralized evaluation (replacing an earlier one); false when there is no such version. */
  setCentralizedEval(id: string, e: CentralizedEvaluation): Promise<boolean>;
  /** Makes `id` the one serving version (null: none). */
  setServing(id: string | null): Promise<void>;
  servingId(): Promise<string | null>;
  /** Removes versions; returns their ids. */
  delete(ids: readonly string[]): Promise<void>;
}
