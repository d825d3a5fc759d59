import { ErrorCode, RoundPhase, type RoundView } from '@fl/protocol';
import { RoundMembers, stateOfCode } from './round-members';
import { DropCode } from './round-codes';
import { newRoundView } from './round-view';

describe('RoundMembers', () => {
  const clock = (t: { now: number }) => ({ now: () => t.now, setTimeout: () => 0, clearTimeout: () => undefined });

  it('appends steps with times since the attempt began, ignores non-members and repeats, advances by state', () => {
    // Prepare
    const t = { now: 1_000 };
    const view: RoundView = newRoundView(1, 1, 1_000);
    const m = new RoundMembers(view, clock(t), 1_000);

    // Execute
    m.step('a', 'offered');
    m.step('b', 'offered');
    m.step('x', 'accepted'); // never offered: not a member
    t.now = 1_050;
    m.step('a', 'accepted');
    m.step('a', 'accepted');
    m.step('b', 'accepted');
    m.step('b', 'downloading');
    m.advance(['accepted', 'downloading'], 'training');
    t.now = 1_200;
    m.step('a', 'advertise-keys');
    m.step('b', stateOfCode(ErrorCode.DeadlinePassed), ErrorCode.DeadlinePassed);

    // Assert
    expect(view.phase).toBe(RoundPhase.WaitingForClients);
    expect(view.members).toEqual([
      { clientId: 'a', steps: [{ state: 'offered', at: 0 }, { state: 'accepted', at: 50 }, { state: 'training', at: 50 }, { state: 'advertise-keys', at: 200 }] },
      { clientId: 'b', steps: [{ state: 'offered', at: 0 }, { state: 'accepted', at: 50 }, { state: 'downloading', at: 50 }, { state: 'training', at: 50 }, { state: 'timed_out', at: 200, code: ErrorCode.DeadlinePassed }] },
    ]);
    expect(m.last('a')).toBe('advertise-keys');
    expect(m.reached('b', 'downloading')).toBe(true);
    expect(m.reached('a', 'downloading')).toBe(false);
  });

  it('maps drop codes to the state a member leaves in', () => {
    expect(stateOfCode(DropCode.Declined)).toBe('declined');
    expect(stateOfCode(DropCode.Disconnected)).toBe('dropped');
    expect(stateOfCode(DropCode.Cancelled)).toBe('cancelled');
    expect(stateOfCode('SECAGG_STAGE_TIMEOUT')).toBe('timed_out');
    expect(stateOfCode(ErrorCode.NonFinite)).toBe('refused');
  });
});
