/**
 * @module rounds/waiter
 * The one way the round engine waits: until a condition holds, the deadline
 * passes or the round is stopped, whichever comes first. Every wait has a
 * deadline. Conditions are re-checked on `poke()`,
 * which the engine calls after every event.
 */
import type { Clock, TimerHandle } from '../common/clock';

export type WaitResult = 'met' | 'deadline' | 'stopped';

interface Pending {
  check: () => boolean;
  resolve: (r: WaitResult) => void;
  timer: TimerHandle;
}

export class Waiter {
  private pending: Pending | null = null;
  private stopped = false;

  constructor(private readonly clock: Clock) {}

  /** Resolves when `check()` is true (checked now and on every poke), after `ms`, or on stop. */
  until(check: () => boolean, ms: number): Promise<WaitResult> {
    if (this.stopped) return Promise.resolve('stopped');
    if (check()) return Promise.resolve('met');
    this.settle('stopped');
    return new Promise<WaitResult>((resolve) => {
      const timer = this.clock.setTimeout(() => this.settle('deadline'), Math.max(0, ms));
      this.pending = { check, resolve, timer };
    });
  }

  /** Re-checks the condition of the current wait. */
  poke(): void {
    if (this.pending?.check()) this.settle('met');
  }

  /** Ends the current and every future wait with 'stopped'. */
  stop(): void {
    this.stopped = true;
    this.settle('stopped');
  }

  private settle(r: WaitResult): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.clock.clearTimeout(p.timer);
    p.resolve(r);
  }
}
