import { RoundPhase, type RoundView, type SecAggRoundView } from '@fl/protocol';
import type { JobRecord } from '../persistence/job-record';
import { CoordinatorMetrics } from './coordinator-metrics';
import { RoundObserver } from './round-observer';

function view(over: Partial<RoundView> = {}): RoundView {
  return {
    round: 1,
    attempt: 1,
    phase: RoundPhase.Training,
    cohort: [],
    participants: [],
    failures: [],
    metrics: null,
    startedAt: new Date(0).toISOString(),
    endedAt: null,
    seconds: null,
    failureReason: null,
    phaseDeadline: null,
    secureAggregation: null,
    phaseSeconds: {},
    ...over,
  };
}

const job = (id: string, rounds: RoundView[]) => ({ id, rounds }) as unknown as JobRecord;

const secure = (over: Partial<SecAggRoundView>): SecAggRoundView => ({ threatModel: 'active', stage: null, n: 10, k: 9, t: 6, survivors: 10, dropped: 0, maxClipFraction: null, stageSeconds: {}, ...over });

async function count(m: CoordinatorMetrics, outcome: string): Promise<number> {
  return (await m.registry.getSingleMetric('fl_rounds_total')!.get()).values.find((s) => s.labels.outcome === outcome)!.value;
}

describe(RoundObserver.name, () => {
  it('records an attempt once when it ends, with its phase times, however many change events follow', async () => {
    // Prepare
    const m = new CoordinatorMetrics({ defaults: false });
    const o = new RoundObserver(m);
    const r = view();
    const j = job('j1', [r]);
    // Execute
    o.changed(j);
    Object.assign(r, { phase: RoundPhase.Done, seconds: 4, endedAt: new Date(4000).toISOString(), phaseSeconds: { waiting_for_clients: 1, training: 3 } });
    o.changed(j);
    o.changed(j); // e.g. the commit's change event
    // Assert
    expect(await count(m, 'completed')).toBe(1);
    expect(await m.text()).toContain('fl_round_stage_duration_seconds_sum{stage="training"} 3');
  });

  it('counts a failed attempt and then the retry that follows it', async () => {
    const m = new CoordinatorMetrics({ defaults: false });
    const o = new RoundObserver(m);
    const first = view();
    const j = job('j1', [first]);
    o.changed(j);
    Object.assign(first, { phase: RoundPhase.Failed, seconds: 1 });
    o.changed(j);
    const retry = view({ attempt: 2 });
    j.rounds.push(retry);
    o.changed(j);
    Object.assign(retry, { phase: RoundPhase.Done, seconds: 2 });
    o.changed(j);
    expect([await count(m, 'failed'), await count(m, 'completed')]).toEqual([1, 1]);
  });

  it('does not count attempts it never saw running (closed by restart recovery, or history)', async () => {
    const m = new CoordinatorMetrics({ defaults: false });
    const o = new RoundObserver(m);
    o.changed(job('old', [view({ phase: RoundPhase.Failed, seconds: 9 })]));
    o.changed(job('empty', []));
    expect([await count(m, 'failed'), await count(m, 'completed')]).toEqual([0, 0]);
  });

  it('sets the survivors of each secure-aggregation stage and the threshold', async () => {
    const m = new CoordinatorMetrics({ defaults: false });
    const o = new RoundObserver(m);
    const r = view({ secureAggregation: secure({ stage: 'advertise-keys', survivors: 10 }) });
    const j = job('j1', [r]);
    o.changed(j);
    r.secureAggregation = secure({ stage: 'unmask', survivors: 8 });
    o.changed(j);
    const text = await m.text();
    expect(text).toContain('fl_secagg_survivors{stage="advertise-keys"} 10');
    expect(text).toContain('fl_secagg_survivors{stage="unmask"} 8');
    expect(text).toContain('fl_secagg_threshold 6');
  });
});
