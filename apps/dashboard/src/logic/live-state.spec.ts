import { describe, expect, it } from 'vitest';
import { jobUpdate, type JobView, type RoundView } from '@fl/protocol';
import { initialLive, jobsNewestFirst, liveReducer, type LiveAction, type LiveState } from './live-state';

const round = (n: number, phase: RoundView['phase']) => ({ round: n, attempt: 1, phase, participants: [], failures: [] }) as unknown as RoundView;
const job = (rounds: RoundView[], status = 'running'): JobView =>
  ({ id: 'j1', status, completedRounds: rounds.filter((r) => r.phase === 'done').length, currentRound: rounds.at(-1)?.round ?? 0, rounds, createdAt: '2026-01-01T00:00:00Z' }) as unknown as JobView;
const run = (...actions: LiveAction[]) => actions.reduce<LiveState>(liveReducer, initialLive);
const push = (j: JobView): LiveAction => ({ type: 'job', update: jobUpdate(j) });

describe('liveReducer', () => {
  it('holds a pushed job with its current attempt, stale until its history is read', () => {
    const s = run(push(job([round(1, 'done'), round(2, 'training')])));
    expect(s.jobs.get('j1')!.rounds.map((r) => r.round)).toEqual([2]);
    expect(s.stale.has('j1')).toBe(true);
    expect(s.updates).toBe(1);
    const h = liveReducer(s, { type: 'history', job: job([round(1, 'done'), round(2, 'training')]) });
    expect(h.jobs.get('j1')!.rounds.map((r) => r.round)).toEqual([1, 2]);
    expect(h.stale.has('j1')).toBe(false);
  });

  it('folds later events into the history, and keeps the newest event over an older REST read', () => {
    const full = job([round(1, 'done'), round(2, 'training')]);
    const newer = job([round(1, 'done'), round(2, 'aggregating')]);
    // The event arrived while the REST read of the older state was on its way.
    const s = run(push(full), push(newer), { type: 'history', job: full });
    expect(s.jobs.get('j1')!.rounds.map((r) => r.phase)).toEqual(['done', 'aggregating']);
    expect(s.stale.has('j1')).toBe(false);
    const done = liveReducer(s, push(job([round(1, 'done'), round(2, 'done')], 'completed')));
    expect(done.jobs.get('j1')!.status).toBe('completed');
    expect(done.jobs.get('j1')!.completedRounds).toBe(2);
    expect(done.stale.has('j1')).toBe(false);
  });

  it('marks the history stale when a round ended between two coalesced events', () => {
    const s = run({ type: 'history', job: job([round(1, 'training')]) }, push(job([round(1, 'done'), round(2, 'configuring')])));
    expect(s.jobs.get('j1')!.rounds.map((r) => r.phase)).toEqual(['training', 'configuring']);
    expect(s.stale.has('j1')).toBe(true);
  });

  it('replaces a job by id with its newest summary and counts updates', () => {
    const at = (id: string, createdAt: string, status = 'running') => push({ ...job([], status), id, createdAt });
    const s = run(at('j1', '2026-01-01'), at('j2', '2026-01-02'), at('j1', '2026-01-01', 'completed'));
    expect(jobsNewestFirst(s).map((j) => [j.id, j.status])).toEqual([
      ['j2', 'running'],
      ['j1', 'completed'],
    ]);
    expect(s.updates).toBe(3);
  });

  it('counts recorded evaluations per job', () => {
    const s = run({ type: 'evaluation', jobId: 'j1' }, { type: 'evaluation', jobId: 'j1' }, { type: 'evaluation', jobId: 'j2' });
    expect([...s.evaluated]).toEqual([
      ['j1', 2],
      ['j2', 1],
    ]);
  });

  it('says reconnecting after a lost connection, refused on a bad session, and live once back', () => {
    let s = liveReducer(initialLive, { type: 'connected' });
    expect(s.connection).toBe('live');
    s = liveReducer(s, { type: 'disconnected', reason: 'transport close' });
    expect([s.connection, s.connectionError]).toEqual(['reconnecting', 'connection lost (transport close); reconnecting…']);
    s = liveReducer(s, { type: 'refused', code: null, message: 'cannot connect' });
    expect(s.connection).toBe('reconnecting');
    s = liveReducer(s, { type: 'refused', code: 'UNAUTHENTICATED', message: 'UNAUTHENTICATED: log in' });
    expect(s.connection).toBe('refused');
    s = liveReducer(s, { type: 'connected' });
    expect([s.connection, s.connectionError]).toEqual(['live', null]);
  });
});
