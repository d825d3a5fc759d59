/**
 * @module persistence/sql/database
 * The typed schema the Kysely query layer checks every query against. It
 * mirrors the migrations in `migrations/` (the migrations are the source of
 * truth for the database; this file is the source of truth for TypeScript).
 * The same schema serves both engines: PGlite (embedded) and PostgreSQL.
 */
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date, Date>;

export interface JobsTable {
  id: string;
  config: Json<unknown>;
  status: string;
  status_reason: string | null;
  created_at: Timestamp;
  current_round: number;
  completed_rounds: number;
  model_hash: string;
  model_version_id: string;
  parameter_count: number;
  /** Server optimiser state: `step`, and its tensors as FLW1 weights (fl-core `strategyStateToWeights`). */
  strategy_step: number | null;
  strategy_tensors: Uint8Array | null;
  /** DP jobs: the privacy ledger (privacy/privacy-ledger), migration 0007. */
  privacy_ledger: Json<unknown> | null;
}

export interface RoundsTable {
  job_id: string;
  /** Index of the attempt in the job's `rounds` list (0-based). */
  seq: number;
  round: number;
  attempt: number;
  phase: string;
  /** The whole `RoundView` (cohort, per-client failures, secure-aggregation stage …). */
  view: Json<unknown>;
  /** Per-round metrics (null until the round is done). */
  metrics: Json<unknown> | null;
}

export interface ModelsTable {
  hash: string;
  layout: Json<unknown>;
  topology: Json<unknown> | null;
  parameter_count: number;
  bytes: number;
  created_at: Timestamp;
}

export interface ModelVersionsTable {
  seq: Generated<number>;
  id: string;
  hash: string;
  job_id: string | null;
  round: number;
  parent_id: string | null;
  participants: Json<string[]>;
  metrics: Json<unknown> | null;
  secure_aggregation: boolean;
  privacy: Json<unknown> | null;
  created_at: Timestamp;
  name: string | null;
  /** Migration 0005: the federated evaluation (means and per-client rows). */
  federated_eval: Json<unknown> | null;
  /** Migration 0005: the centralized evaluation. */
  centralized_eval: Json<unknown> | null;
}

export interface RegistryStateTable {
  id: number;
  serving_id: string | null;
}

export interface ClientsTable {
  id: string;
  /** Protocol 1's session-token hash; no longer written (null). */
  token_hash: string | null;
  name: string;
  dataset: string;
  num_examples: number;
  backend: string;
  /** Ed25519 public key pinned at enrolment. */
  signing_key: Uint8Array | null;
  registered_at: Timestamp;
  last_seen_at: Timestamp;
  /** active | suspended | revoked. */
  status: ColumnType<string, string | undefined, string>;
  /** Largest example count the client may claim (its enrollment token's); null for clients enrolled before 0004. */
  max_examples: number | null;
  enrollment_token_id: string | null;
  /** The software and protocol version of its last authentication (0008); null before. */
  client_version: ColumnType<string | null, string | null | undefined, string | null>;
  protocol_version: ColumnType<number | null, number | null | undefined, number | null>;
}

/** Enrollment tokens (only a SHA-256 hash of the secret). */
export interface EnrollmentTokensTable {
  id: string;
  secret_hash: string;
  label: string;
  max_uses: number;
  uses: number;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  dataset: string | null;
  client_name: string | null;
  max_examples: number;
  created_by: string | null;
}

/** One row (id 1): this coordinator's stable random id. */
export interface CoordinatorIdentityTable {
  id: number;
  coordinator_id: string;
}

/** The active coordinator's lease (postgres engine): one row per lease name. */
export interface CoordinatorLeaseTable {
  name: string;
  owner: string;
  expires_at: Timestamp;
}

/** Admin API tokens (migration 0003): only the SHA-256 of each secret. */
export interface ApiTokensTable {
  id: string;
  name: string;
  role: string;
  secret_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
  created_by: string | null;
}

/** Dashboard sessions: SHA-256 of the cookie's session id. */
export interface AdminSessionsTable {
  id_hash: string;
  token_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: Timestamp;
  actor_token_id: string | null;
  actor_name: string | null;
  action: string;
  target: string | null;
  result: string;
  source_address: string | null;
  details: Json<Record<string, unknown>> | null;
}

export interface Database {
  api_tokens: ApiTokensTable;
  admin_sessions: AdminSessionsTable;
  audit_log: AuditLogTable;
  coordinator_lease: CoordinatorLeaseTable;
  jobs: JobsTable;
  rounds: RoundsTable;
  models: ModelsTable;
  model_versions: ModelVersionsTable;
  registry_state: RegistryStateTable;
  clients: ClientsTable;
  enrollment_tokens: EnrollmentTokensTable;
  coordinator_identity: CoordinatorIdentityTable;
}
