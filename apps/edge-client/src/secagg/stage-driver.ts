/**
 * @module secagg/stage-driver
 * The edge client's side of secure aggregation (SecAgg+, `@fl/secagg`;
 * docs/secure-aggregation.md). `SecAggDriver` takes every `secagg:request`
 * from the coordinator, validates its envelope (`validateSecAggRequest`) and
 * hands it to the {@link SecureRound} of the current task. A request naming
 * any other task (an old round, a task never taken) is ignored and logged at
 * debug level; a malformed one for the current task abandons its round.
 */
import { validateSecAggRequest, type RoundTask, type SecAggStageName, type SecureTaskParams } from '@fl/protocol';
import { SecAggError, SecAggErrorCode, type ClientEnv } from '@fl/secagg/node';
import { ClientError } from '../errors';
import type { Log } from '../log';
import type { SigningIdentity } from './identity';
import { SecureRound } from './secure-round';
import type { SecAggTransport } from './stage-sender';

export { SecureRound } from './secure-round';
export { DEFAULT_SECURE_GRACE_MS } from './round-lifetime';
export { formatSecureRound, type SecureRoundStats } from './secure-round-stats';
export type { SecAggTransport } from './stage-sender';

/** A train task of a secure job. */
export type SecureTask = RoundTask & { secure: SecureTaskParams };

export const isSecureTask = (task: RoundTask): task is SecureTask => task.secure !== undefined;

export interface SecAggDriverOptions {
  connection: SecAggTransport;
  log: Log;
  /** The signing identity registered with the coordinator; required in the active threat model. */
  identity: SigningIdentity | null;
  /** Longest wait for one request's ack (ms). */
  requestTimeoutMs?: number;
  /** How long after the task deadline the round may still run (ms). */
  graceMs?: number;
  now?: () => number;
  /** Accept semi-honest rounds; by default the policy requires the active threat model. */
  allowSemiHonest?: boolean;
  /** `--min-threshold T`: withdraw from a round whose threshold t (from advertise-keys) is below T. */
  minThreshold?: number;
  /** Overrides of the stage functions' env (tests). */
  env?: Partial<ClientEnv>;
  /** Called after each answer is acknowledged (fault injection: `--fault exit-after-share-keys`). */
  onSent?: (stage: SecAggStageName, taskId: string) => void;
}

/** Routes `secagg:request`s to the current task's `SecureRound`. */
export class SecAggDriver {
  private current: SecureRound | null = null;

  constructor(private readonly o: SecAggDriverOptions) {}

  /** The round of the current secure task, if any. */
  get round(): SecureRound | null {
    return this.current;
  }

  /**
   * Starts the round of `task`, which becomes the current one (a previous
   * round is abandoned). `signal` is the task's: aborting it abandons the round.
   */
  begin(task: SecureTask, signal: AbortSignal): SecureRound {
    this.current?.abandon(new ClientError('CANCELLED', `superseded by task ${task.taskId}`));
    this.current = new SecureRound(task, signal, this.o);
    return this.current;
  }

  /** The `secagg:request` handler. */
  onRequest(raw: unknown): void {
    const taskId = (raw as { taskId?: unknown } | null)?.taskId;
    const round = this.current && !this.current.closed && this.current.taskId === taskId ? this.current : null;
    const checked = validateSecAggRequest(raw);
    if (!checked.ok) {
      const why = `malformed secagg:request: ${checked.errors.join('; ')}`;
      if (round) round.refuse(String((raw as { stage?: unknown }).stage ?? 'unknown'), new SecAggError(SecAggErrorCode.BadPayload, why));
      else this.o.log.warn('secagg_bad_request', why, { taskId: typeof taskId === 'string' ? taskId : null });
      return;
    }
    const { stage, message } = checked.value;
    if (!round) {
      this.o.log.debug?.('secagg_ignored', `ignored a ${stage} request for task ${String(taskId)}: not the current work`, { taskId: String(taskId), stage });
      return;
    }
    round.enqueue(stage, message);
  }
}
