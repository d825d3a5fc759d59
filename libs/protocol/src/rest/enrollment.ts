/**
 * @module rest/enrollment
 * REST shapes of enrollment tokens (`/api/enrollment-tokens`). An admin
 * creates one per site (or per batch of devices); a client presents it once,
 * with its long-term Ed25519 public key, to enroll. The secret is shown once;
 * the coordinator keeps only its hash.
 */
export interface EnrollmentTokenView {
  id: string;
  /** Free-form label for admins. */
  label: string;
  /** How many enrollments it allows in all (1 = single use). */
  maxUses: number;
  uses: number;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  /** If set, only a client declaring this dataset name may enroll with it. */
  dataset: string | null;
  /** If set, only a client with this name may enroll with it. */
  clientName: string | null;
  /** The largest example count (FedAvg weight) a client enrolled with it may claim. */
  maxExamples: number;
  createdBy: string | null;
}

export interface CreateEnrollmentTokenRequest {
  label?: string;
  /** Default 1. */
  maxUses?: number;
  /** Default 86 400 (24 h). */
  expiresInSeconds?: number;
  dataset?: string;
  clientName?: string;
  /** Default: the coordinator's `--max-examples-per-client`. */
  maxExamples?: number;
}

export interface CreatedEnrollmentToken extends EnrollmentTokenView {
  secret: string;
}
