/**
 * @module rounds/round-members
 * Keeps `RoundView.members`: each train-cohort member's steps through the
 * attempt (`@fl/protocol` rest/round-members), for the dashboard's live
 * timeline. Steps are appended as the round engine sees them; a drop's code
 * says which way the member left (declined, dropped, timed out, cancelled,
 * or refused with the protocol's error code).
 */
import { ErrorCode, type MemberState, type RoundMember, type RoundView } from '@fl/protocol';
import type { Clock } from '../common/clock';
import { DropCode } from './round-codes';

/** Codes of a member that ran out of time (the round's or a secure-aggregation stage's). */
const TIMEOUT_CODES = new Set<string>([ErrorCode.DeadlinePassed, 'SECAGG_STAGE_TIMEOUT']);

/** The member state a drop (or recorded refusal) with `code` ends in. */
export function stateOfCode(code: string): MemberState {
  if (code === DropCode.Declined) return 'declined';
  if (code === DropCode.Disconnected) return 'dropped';
  if (code === DropCode.Cancelled) return 'cancelled';
  if (TIMEOUT_CODES.has(code)) return 'timed_out';
  return 'refused';
}

export class RoundMembers {
  private readonly byId = new Map<string, RoundMember>();

  constructor(
    private readonly view: RoundView,
    private readonly clock: Clock,
    private readonly startedAt: number,
  ) {}

  /** Appends a step for a cohort member (a client outside the train cohort is ignored). */
  step(clientId: string, state: MemberState, code?: string): void {
    let m = this.byId.get(clientId);
    if (!m) {
      if (state !== 'offered') return;
      m = { clientId, steps: [] };
      this.byId.set(clientId, m);
      (this.view.members ??= []).push(m);
    }
    const last = m.steps[m.steps.length - 1];
    if (last && last.state === state && last.code === code) return;
    m.steps.push({ state, at: Math.max(0, this.clock.now() - this.startedAt), ...(code ? { code } : {}) });
  }

  /** Every member whose last step is one of `from` moves to `to` (e.g. accepted or downloading → training when the phase starts). */
  advance(from: readonly MemberState[], to: MemberState): void {
    for (const m of this.byId.values()) {
      const last = m.steps[m.steps.length - 1]?.state;
      if (last && from.includes(last)) this.step(m.clientId, to);
    }
  }

  /** The member's last step, if it is a member. */
  last(clientId: string): MemberState | undefined {
    const steps = this.byId.get(clientId)?.steps;
    return steps?.[steps.length - 1]?.state;
  }

  /** Whether the member ever reached `state`. */
  reached(clientId: string, state: MemberState): boolean {
    return this.byId.get(clientId)?.steps.some((s) => s.state === state) ?? false;
  }
}
