import { describe, expect, it } from 'vitest';
import type { RoundView, SecAggRoundView } from '@fl/protocol';
import { latestAttempt, stageSurvivors, stateCounts, timelineRows } from './timeline';

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
