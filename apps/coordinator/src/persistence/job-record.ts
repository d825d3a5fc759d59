/**
 * @module persistence/job-record
 * The stored state of one federated job. `toJobView` renders it for REST and
 * the admin socket.
 */
import type { JobConfig, JobStatus, JobView, RoundView } from '@fl/protocol';
import type { StrategyState } from '@fl/fl-core';
import { quarantinedIn } from '../jobs/quarantine';
import { suspectsIn } from '../jobs/suspects';
import { ledgerView, type PrivacyLedger } from '../privacy/privacy-ledger';

export interface JobRecord {
  readonly id: string;
  readonly config: JobConfig;
  status: JobStatus;
  statusReason: string | null;
  readonly createdAt: Date;
  /** Every round attempt, in order (a retried round appears once per attempt). */
  rounds: RoundView[];
  /** 1-based index of the current (or last) round; 0 before the first. */
  currentRound: number;
  completedRounds: number;
  /** Hash of the current global model in the model store. */
  modelHash: string;
  /** Registry id of the current global model version. */
  modelVersionId: string;
  parameterCount: number;
  /** Server optimiser state, saved together with `modelHash`. */
  strategyState: StrategyState | null;
  /**
   * DP jobs: the privacy ledger, saved with `modelHash` (in the same
   * transaction as the model version); null otherwise. Absent in records
   * created before it existed.
   */
  privacy?: PrivacyLedger | null;
}

export function toJobView(j: JobRecord): JobView {
  return {
    id: j.id,
    status: j.status,
    config: j.config,
    currentRound: j.currentRound,
    completedRounds: j.completedRounds,
    rounds: j.rounds,
    modelHash: j.modelHash,
    modelVersionId: j.modelVersionId,
    parameterCount: j.parameterCount,
    createdAt: j.createdAt.toISOString(),
    statusReason: j.statusReason,
    quarantined: quarantinedIn(j.rounds),
    suspects: suspectsIn(j.rounds),
    privacy: j.privacy ? ledgerView(j.privacy) : null,
  };
}
