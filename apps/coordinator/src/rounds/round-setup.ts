/**
 * @module rounds/round-setup
 * What one round attempt is given: its setup (job, round, model, strategy)
 * and its dependencies (the ports of round-ports, the clock, where the heavy
 * steps run), and what it returns.
 */
import type { ModelWeights, Strategy, StrategyState } from '@fl/fl-core';
import type { ClientEvaluation, FederatedEvaluation, JobConfig, ModelRef } from '@fl/protocol';
import type { MaskAdder } from '@fl/secagg';
import type { Aggregator } from '../aggregation/aggregate-worker';
import type { Clock } from '../common/clock';
import type { Suspicion } from '../jobs/suspects';
import type { CohortPort, ModelPort, RoundLogger, TaskPort, TaskRouter } from './round-ports';

export interface RoundSetup {
  jobId: string;
  round: number;
  attempt: number;
  /**
   * The attempt number the seeds derive from (cohort, client training,
   * evaluation); defaults to `attempt`. A re-run after a coordinator restart
   * keeps the interrupted attempt's seeds, so it repeats that attempt.
   */
  seedAttempt?: number;
  config: JobConfig;
  global: ModelWeights;
  globalRef: ModelRef;
  strategy: Strategy;
  strategyState: StrategyState;
  taskAckTimeoutMs: number;
  /**
   * Plain rounds: the L2 bound on each update this attempt applies (the
   * previous round's `updateBound.nextBound`, see update-bound-state);
   * default: the job's `updateBound.norm`.
   */
  updateBound?: number;
  /** Clients quarantined in this job (convicted in secure aggregation): never picked for its cohorts. */
  quarantined?: ReadonlySet<string>;
  /** The job's suspects from refused secure sums (jobs/suspects), screened by rounds/suspect-screen. */
  suspicion?: Suspicion;
  /** DP jobs: the current ε budget (the ledger's; an admin may have raised it), told to clients in the task. */
  privacyBudget?: number;
  /** DP jobs: the clip norm this round applies (the ledger's; adaptive clipping's current C). */
  privacyClip?: number;
}

export interface RoundDeps {
  clock: Clock;
  cohort: CohortPort;
  link: TaskPort;
  models: ModelPort;
  router: TaskRouter;
  newTaskId: () => string;
  onChange: () => void;
  logger: RoundLogger;
  /** Where a secure round's unmasking adds its masks (default: in the event loop). */
  addMasks?: MaskAdder;
  /** Where the strategy step runs (default: in the event loop). */
  aggregate?: Aggregator;
  /** DP jobs' Poisson sampling: uniforms in [0, 1) (default: the CSPRNG; the draws must stay secret). */
  uniform?: () => number;
  /**
   * Takes back an upload's bytes once they are folded into the sum and no
   * longer read (the bulk channel reuses its upload buffers), for plain and
   * masked uploads alike.
   */
  recycle?: (bytes: Uint8Array) => void;
}

/**
 * A round's federated evaluation: null when the round was not evaluated;
 * `summary` null when it was but no client reported.
 */
export type RoundFederatedEval = { summary: FederatedEvaluation | null; clients: ClientEvaluation[] } | null;

export type RoundOutcome = { ok: true; modelHash: string; state: StrategyState; federatedEval: RoundFederatedEval } | { ok: false; reason: string; stopped: boolean };
