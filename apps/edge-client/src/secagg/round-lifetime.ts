/**
 * @module secagg/round-lifetime
 * How long a secure round on the edge client lives, apart from what it
 * computes: it ends done (`complete`) or abandoned (`abandon`, idempotent),
 * when its task is cancelled, or `graceMs` after the task deadline; the
 * encoded update arrives through `supply` and a masked-input request waits
 * for it until the task deadline. Once ended nothing more is processed or
 * sent, its timers are cleared and `signal` aborts (stop training for an
 * abandoned round).
 */
import { ClientError, errorCode } from '../errors';
import type { SecAggDriverOptions, SecureTask } from './stage-driver';
import type { SecureUpdate } from './secure-update';

/** Default time after the task deadline the late stages may take. */
export const DEFAULT_SECURE_GRACE_MS = 120_000;

export abstract class RoundLifetime<Stats> {
  readonly taskId: string;
  /** Why the round was abandoned (null while running or after success). */
  failure: Error | null = null;
  protected update: SecureUpdate | null = null;
  protected readonly now: () => number;
  private updateWaiter: { resolve: (u: SecureUpdate) => void; reject: (e: Error) => void } | null = null;
  private _closed = false;
  private readonly ended = new AbortController();
  private readonly result: Promise<Stats>;
  private settle!: { resolve: (s: Stats) => void; reject: (e: Error) => void };
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly onTaskAbort = () => this.abandon(new ClientError('CANCELLED', `task ${this.taskId} cancelled`));

  constructor(
    readonly task: SecureTask,
    private readonly taskSignal: AbortSignal,
    protected readonly o: SecAggDriverOptions,
  ) {
    this.taskId = task.taskId;
    this.now = o.now ?? Date.now;
    this.result = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
    this.result.catch(() => {}); // the agent may never await a round that failed early
  }

  /** Starts the clock: called by the subclass once constructed (an already cancelled task ends the round at once). */
  protected start(): void {
    if (this.taskSignal.aborted) {
      this.onTaskAbort();
      return;
    }
    this.taskSignal.addEventListener('abort', this.onTaskAbort, { once: true });
    this.timer(this.endsAt(), () => this.abandon(new ClientError('DEADLINE_PASSED', `secure round of task ${this.taskId} did not end within ${this.graceMs} ms after the deadline`)));
  }

  /** True once the round is done or abandoned: nothing more is processed or sent. */
  get closed(): boolean {
    return this._closed;
  }

  /** Aborted when the round ends (done or abandoned): stop training for an abandoned round. */
  get signal(): AbortSignal {
    return this.ended.signal;
  }

  /** Resolves with the stats once the round is done; rejects when it is abandoned. */
  get done(): Promise<Stats> {
    return this.result;
  }

  /** Hands over the encoded update; a waiting masked-input request proceeds. */
  supply(update: SecureUpdate): void {
    if (this._closed || this.update) return;
    this.update = update;
    this.updateWaiter?.resolve(update);
    this.updateWaiter = null;
  }

  /** Ends the round without sending anything more (idempotent). */
  abandon(reason: Error): void {
    if (this._closed) return;
    this.close();
    this.failure = reason;
    this.updateWaiter?.reject(reason);
    this.updateWaiter = null;
    this.report(errorCode(reason));
    this.settle.reject(reason);
  }

  /** The stats event, logged; `outcome` is `done` or the code the round was abandoned with. */
  protected abstract report(outcome: string): Stats;

  /** Drops the round's secrets when it ends. */
  protected abstract wipe(): void;

  protected complete(): void {
    if (this._closed) return;
    this.close();
    this.settle.resolve(this.report('done'));
  }

  protected waitForUpdate(): Promise<SecureUpdate> {
    if (this.update) return Promise.resolve(this.update);
    return new Promise((resolve, reject) => {
      this.updateWaiter = { resolve, reject };
      this.timer(this.task.deadline, () => this.abandon(new ClientError('DEADLINE_PASSED', `task ${this.taskId}: the update was not ready by the deadline`)));
    });
  }

  /** When the round is given up at the latest. */
  protected endsAt(): number {
    return this.task.deadline + this.graceMs;
  }

  /** Bound of one request (ms). */
  protected timeout(): number {
    return Math.max(1000, Math.min(this.o.requestTimeoutMs ?? 60_000, this.endsAt() - this.now()));
  }

  private get graceMs(): number {
    return this.o.graceMs ?? DEFAULT_SECURE_GRACE_MS;
  }

  private close(): void {
    this._closed = true;
    this.wipe();
    this.taskSignal.removeEventListener('abort', this.onTaskAbort);
    for (const t of this.timers) clearTimeout(t);
    this.ended.abort();
  }

  /** Runs `fn` at absolute time `at` unless the round has ended. */
  private timer(at: number, fn: () => void): void {
    const t = setTimeout(fn, Math.max(0, at - this.now()));
    t.unref();
    this.timers.push(t);
  }
}
