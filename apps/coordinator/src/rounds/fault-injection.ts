/**
 * @module rounds/fault-injection
 * FAULT INJECTION FOR TESTS ONLY (`FL_FAULT_KILL_AT` / `--fault-kill-at`,
 * read once at boot): `<phase or secure-aggregation stage>[:<round>]`. When a
 * round attempt enters that phase or stage (of that round, or of any round),
 * the coordinator persists the round view and SIGKILLs itself, so crash
 * tests can stop it at an exact point of the protocol. Off when unset.
 */
import type { RoundView } from '@fl/protocol';

export class FaultInjector {
  private readonly point: string | null;
  private readonly round: number | null;
  private fired = false;

  constructor(spec: string | null) {
    const [point, round] = (spec ?? '').split(':');
    this.point = point || null;
    this.round = round ? Number(round) : null;
  }

  /** True (once) when `view` has just reached the configured point. */
  hit(view: RoundView | undefined): boolean {
    if (!this.point || this.fired || !view) return false;
    if (this.round !== null && view.round !== this.round) return false;
    const at = view.phase === this.point || view.secureAggregation?.stage === this.point;
    if (at) this.fired = true;
    return at;
  }

  kill(): never {
    process.kill(process.pid, 'SIGKILL');
    throw new Error('unreachable: SIGKILL sent');
  }
}
