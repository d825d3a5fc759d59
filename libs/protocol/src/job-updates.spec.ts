import type { JobView, RoundView } from './rest/jobs';
import { applyJobUpdate, jobUpdate } from './job-updates';

const round = (n: number, attempt: number, phase: RoundView['phase'], extra: Partial<RoundView> = {}) => ({ round: n, attempt, phase, ...extra }) as RoundView;
const job = (rounds: RoundView[], completedRounds = 0): JobView => ({ id: 'j1', status: 'running', completedRounds, currentRound: rounds.at(-1)?.round ?? 0, rounds }) as unknown as JobView;
const fed = { federated: { clients: 2, numExamples: 10, loss: 1, accuracy: 0.5, metrics: {} }, centralized: null };

describe('admin job updates', () => {
  it('carry the summary and the latest attempt only, with the history counters', () => {
    const u = jobUpdate(job([round(1, 1, 'done', { evaluation: fed }), round(2, 1, 'training')], 1));
    expect(u.current).toEqual(round(2, 1, 'training'));
    expect(u.job).not.toHaveProperty('rounds');
    expect(u.job.completedRounds).toBe(1);
    expect(u.attempts).toBe(2);
    expect(u.current?.evaluation).toBeUndefined();
    expect(jobUpdate(job([])).current).toBeNull();
  });

  it('fold the current attempt into a complete history, replacing it in place', () => {
    const full = job([round(1, 1, 'done'), round(2, 1, 'training')], 1);
    const next = job([round(1, 1, 'done'), round(2, 1, 'aggregating')], 1);
    const f = applyJobUpdate(full, jobUpdate(next));
    expect(f).toEqual({ view: next, stale: false });
    const third = job([...next.rounds.slice(0, 1), round(2, 1, 'done'), round(3, 1, 'configuring')], 2);
    // Round 2 ended and round 3 began between two coalesced events: round 2's final state is missing.
    expect(applyJobUpdate(f.view, jobUpdate(third)).stale).toBe(true);
  });

  it('carry the attempt that just ended with a new attempt, so a round ending between two events is not stale', () => {
    const held = job([round(1, 1, 'done'), round(2, 1, 'training')], 1);
    const third = job([round(1, 1, 'done'), round(2, 1, 'done', { seconds: 4 }), round(3, 1, 'configuring')], 2);
    const u = jobUpdate(third, true);
    expect(u.previous).toEqual(round(2, 1, 'done', { seconds: 4 }));
    expect(jobUpdate(third).previous).toBeUndefined();
    expect(jobUpdate(job([round(1, 1, 'training')]), true).previous).toBeUndefined();
    expect(applyJobUpdate(held, u)).toEqual({ view: third, stale: false });
    // Two attempts ended between events: `previous` covers one, the follower still reads the history.
    const fifth = job([...third.rounds.slice(0, 2), round(3, 1, 'done'), round(4, 1, 'done'), round(5, 1, 'training')], 4);
    expect(applyJobUpdate(held, jobUpdate(fifth, true)).stale).toBe(true);
    // Without the history, `previous` does not make a partial one look complete.
    const fresh = applyJobUpdate(undefined, u);
    expect(fresh.stale).toBe(true);
    expect(fresh.view.rounds).toEqual([round(3, 1, 'configuring')]);
  });

  it('are stale without the history', () => {
    const now = job([round(1, 1, 'done'), round(2, 1, 'training')], 1);
    const fresh = applyJobUpdate(undefined, jobUpdate(now));
    expect(fresh.stale).toBe(true);
    expect(fresh.view.rounds).toEqual([round(2, 1, 'training')]);
    expect(applyJobUpdate(fresh.view, jobUpdate(job([round(1, 1, 'done'), round(2, 1, 'done')], 2))).stale).toBe(true);
  });

  it('are not stale when the held view is newer than the event', () => {
    const newer = job([round(1, 1, 'done'), round(2, 1, 'training')], 1);
    const older = job([round(1, 1, 'training')]);
    const f = applyJobUpdate(newer, jobUpdate(older));
    expect(f.stale).toBe(false);
    expect(f.view.rounds.map((r) => r.phase)).toEqual(['training', 'training']);
  });
});
