import { describe, expect, it } from 'vitest';
import { MEMBER_STATES, type RoundView, type SecAggRoundView } from '@fl/protocol';
import { latestAttempt, legend, stageSurvivors, stateCounts, timelineRows } from './timeline';

const round = (over: Partial<RoundView> = {}): RoundView => ({
  round: 1,
  attempt: 1,
  phase: 'training',
  cohort: ['a', 'b'],
  participants: [],
  failures: [],
  metrics: null,
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: null,
  seconds: null,
  failureReason: null,
  phaseDeadline: null,
  secureAggregation: null,
  phaseSeconds: {},
  ...over,
});

describe('timelineRows', () => {
  it('gives each member its latest state, code, the stages it answered, and whether it left', () => {
    // Prepare
    const r = round({
      members: [
        { clientId: 'a', steps: [{ state: 'offered', at: 0 }, { state: 'accepted', at: 5 }, { state: 'advertise-keys', at: 10 }, { state: 'share-keys', at: 20 }] },
        { clientId: 'b', steps: [{ state: 'offered', at: 0 }, { state: 'timed_out', at: 30_000, code: 'DEADLINE_PASSED' }] },
      ],
    });

    // Execute
    const rows = timelineRows(r, new Map([['a', 'edge-a']]));

    // Assert
    expect(rows.map((x) => [x.name, x.state, x.code, x.stages, x.ended])).toEqual([
      ['edge-a', 'share-keys', null, ['advertise-keys', 'share-keys'], false],
      ['b', 'timed_out', 'DEADLINE_PASSED', [], true],
    ]);
    expect(stateCounts(rows)).toEqual([
      ['share-keys', 1],
      ['timed_out', 1],
    ]);
  });

  it('is empty for a round without members (an older record, or before the cohort)', () => {
    expect(timelineRows(round(), new Map())).toEqual([]);
  });
});

describe('stageSurvivors', () => {
  const sa = (over: Partial<SecAggRoundView>): SecAggRoundView => ({ threatModel: 'semi-honest', stage: 'masked-input', n: 5, k: 4, t: 3, survivors: 4, dropped: 0, maxClipFraction: null, stageSeconds: { 'advertise-keys': 0.5 }, ...over });

  it('compares each closed stage with t and leaves the consistency check out of semi-honest runs', () => {
    const rows = stageSurvivors(sa({ stageSurvivors: { 'advertise-keys': 5, 'share-keys': 2 } }));
    expect(rows.map((r) => [r.stage, r.survivors, r.enough, r.current])).toEqual([
      ['advertise-keys', 5, true, false],
      ['share-keys', 2, false, false],
      ['masked-input', null, null, true],
      ['unmask', null, null, false],
    ]);
    expect(rows[0].seconds).toBe(0.5);
    expect(stageSurvivors(sa({ threatModel: 'active' })).map((r) => r.stage)).toContain('consistency-check');
  });
});

describe('latestAttempt', () => {
  it('picks the highest attempt of the round', () => {
    const rounds = [round({ attempt: 1 }), round({ attempt: 2 }), round({ round: 2, attempt: 1 })];
    expect(latestAttempt(rounds, 1)?.attempt).toBe(2);
    expect(latestAttempt(rounds, 3)).toBeNull();
  });
});

describe('legend and downloading', () => {
  it('explains every member state in protocol order, downloading among them', () => {
    const l = legend();
    expect(l.map((e) => e.state)).toEqual([...MEMBER_STATES]);
    expect(l.find((e) => e.state === 'downloading')?.meaning).toMatch(/global model/);
    expect(l.every((e) => e.meaning.length > 0)).toBe(true);
  });

  it('shows a downloading member as still in the round, then training', () => {
    // Prepare
    const steps = [{ state: 'offered' as const, at: 0 }, { state: 'accepted' as const, at: 5 }, { state: 'downloading' as const, at: 6 }];
    // Execute
    const now = timelineRows(round({ members: [{ clientId: 'a', steps }] }), new Map())[0];
    const later = timelineRows(round({ members: [{ clientId: 'a', steps: [...steps, { state: 'training', at: 900 }] }] }), new Map())[0];
    // Assert
    expect(now).toMatchObject({ state: 'downloading', ended: false });
    expect(later).toMatchObject({ state: 'training', ended: false });
    expect(stateCounts([now, later])).toEqual([['downloading', 1], ['training', 1]]);
  });
});
