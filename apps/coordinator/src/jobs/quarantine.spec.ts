import { ErrorCode, RoundPhase, type RoundFailure, type RoundView } from '@fl/protocol';
import { newRoundView } from '../rounds/round-view';
import { quarantinedIds, quarantinedIn } from './quarantine';

const attempt = (round: number, n: number, failures: RoundFailure[]): RoundView => ({ ...newRoundView(round, n, 0), phase: RoundPhase.Failed, failures });

describe('quarantine (from the job\'s stored attempts)', () => {
  it('lists each client named SECAGG_MISBEHAVED once, at its first conviction; other failure codes do not quarantine', () => {
    const rounds = [
      attempt(1, 1, [
        { clientId: 'bad', code: ErrorCode.SecAggMisbehaved, reason: 'its ciphertext does not open' },
        { clientId: 'slow', code: 'SECAGG_STAGE_TIMEOUT', reason: 'silent' },
      ]),
      attempt(1, 2, [{ clientId: 'liar', code: ErrorCode.SecAggMisbehaved, reason: 'false complaint' }]),
      attempt(2, 1, [{ clientId: 'bad', code: ErrorCode.SecAggMisbehaved, reason: 'again' }]),
    ];
    expect(quarantinedIn(rounds)).toEqual([
      { clientId: 'bad', round: 1, attempt: 1, reason: 'its ciphertext does not open' },
      { clientId: 'liar', round: 1, attempt: 2, reason: 'false complaint' },
    ]);
    expect([...quarantinedIds(rounds)].sort()).toEqual(['bad', 'liar']);
    expect(quarantinedIn([])).toEqual([]);
  });
});
