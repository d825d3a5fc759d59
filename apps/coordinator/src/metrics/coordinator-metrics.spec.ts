import { ErrorCode } from '@fl/protocol';
import { CoordinatorMetrics, REFUSAL_CODES, STAGES, type MetricSources } from './coordinator-metrics';

type Sample = { labels: Record<string, string | number>; value: number; metricName?: string };

async function samples(m: CoordinatorMetrics, name: string): Promise<Sample[]> {
  const metric = m.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  return (await metric.get()).values as Sample[];
}

async function value(m: CoordinatorMetrics, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const match = (s: Sample) => Object.entries(labels).every(([k, v]) => s.labels[k] === v) && (s.metricName === undefined || s.metricName === name);
  return (await samples(m, name)).find(match)?.value;
}

function sources(over: Partial<MetricSources> = {}): MetricSources {
  return {
    connectedClients: () => 3,
    enrolledClients: () => ({ active: 5, revoked: 1 }),
    socketBytes: () => ({ received: 100, sent: 200 }),
    eventLoopDelay: () => ({ p50: 1, p99: 12.5, max: 40, mean: 2, seconds: 10 }),
    predictQueueDepth: () => 7,
    ...over,
  };
}

describe(CoordinatorMetrics.name, () => {
  it('exports every coordinator metric under fl_ and the process defaults', () => {
    const names = new CoordinatorMetrics().names();
    for (const n of [
      'fl_rounds_total',
      'fl_round_duration_seconds',
      'fl_round_stage_duration_seconds',
      'fl_clients_connected',
      'fl_clients_enrolled',
      'fl_received_bytes_total',
      'fl_sent_bytes_total',
      'fl_refused_messages_total',
      'fl_secagg_survivors',
      'fl_secagg_threshold',
      'fl_event_loop_delay_seconds',
      'fl_predict_duration_seconds',
      'fl_predict_queue_depth',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
    ])
      expect(names).toContain(n);
    expect(new CoordinatorMetrics({ defaults: false }).names().every((n) => n.startsWith('fl_'))).toBe(true);
  });

  it('keeps one registry per instance, so two apps in one process do not clash', async () => {
    const a = new CoordinatorMetrics({ defaults: false });
    const b = new CoordinatorMetrics({ defaults: false });
    a.refusal('socket', ErrorCode.BadPayload);
    expect(await value(a, 'fl_refused_messages_total', { code: 'BAD_PAYLOAD' })).toBe(1);
    expect(await value(b, 'fl_refused_messages_total', { code: 'BAD_PAYLOAD' })).toBeUndefined();
  });

  it('counts refusals by channel and protocol code, folding unknown codes into OTHER', async () => {
    const m = new CoordinatorMetrics({ defaults: false });
    m.refusal('socket', ErrorCode.WrongShape);
    m.refusal('socket', ErrorCode.WrongShape);
    m.refusal('bulk', ErrorCode.UnknownTask);
    m.refusal('socket', 'client-7f3a: made up');
    expect(await value(m, 'fl_refused_messages_total', { channel: 'socket', code: 'WRONG_SHAPE' })).toBe(2);
    expect(await value(m, 'fl_refused_messages_total', { channel: 'bulk', code: 'UNKNOWN_TASK' })).toBe(1);
    expect(await value(m, 'fl_refused_messages_total', { channel: 'socket', code: 'OTHER' })).toBe(1);
    const codes = new Set((await samples(m, 'fl_refused_messages_total')).map((s) => s.labels.code));
    for (const c of codes) expect(REFUSAL_CODES).toContain(c);
  });

  it('records a round by outcome, its duration, and each known phase or stage; unknown keys are ignored', async () => {
    const m = new CoordinatorMetrics({ defaults: false });
    m.roundEnded('completed', 12.5, { training: 10, 'masked-input': 1.5, 'not-a-stage': 3 });
    m.roundEnded('failed', 2, {});
    expect(await value(m, 'fl_rounds_total', { outcome: 'completed' })).toBe(1);
    expect(await value(m, 'fl_rounds_total', { outcome: 'failed' })).toBe(1);
    const duration = await samples(m, 'fl_round_duration_seconds');
    expect(duration.find((s) => s.metricName === 'fl_round_duration_seconds_sum' && s.labels.outcome === 'completed')?.value).toBe(12.5);
    const stages = (await samples(m, 'fl_round_stage_duration_seconds')).filter((s) => s.metricName === 'fl_round_stage_duration_seconds_count');
    expect(stages.map((s) => [s.labels.stage, s.value]).sort()).toEqual([
      ['masked-input', 1],
      ['training', 1],
    ]);
    for (const s of stages) expect(STAGES).toContain(s.labels.stage);
  });

  it('reads the gauges from the sources at scrape time, 0 before they are set', async () => {
    const m = new CoordinatorMetrics({ defaults: false });
    expect(await value(m, 'fl_clients_connected')).toBe(0);
    let queue = 7;
    m.readFrom(sources({ predictQueueDepth: () => queue }));
    expect(await value(m, 'fl_clients_connected')).toBe(3);
    expect(await value(m, 'fl_clients_enrolled', { status: 'active' })).toBe(5);
    expect(await value(m, 'fl_clients_enrolled', { status: 'revoked' })).toBe(1);
    expect(await value(m, 'fl_event_loop_delay_seconds', { stat: 'p99' })).toBeCloseTo(0.0125, 10);
    expect(await value(m, 'fl_predict_queue_depth')).toBe(7);
    queue = 2;
    expect(await value(m, 'fl_predict_queue_depth')).toBe(2);
  });

  it('turns the socket byte totals into counters that only grow, next to the bulk bytes counted as they pass', async () => {
    const m = new CoordinatorMetrics({ defaults: false });
    let bytes = { received: 100, sent: 200 };
    m.readFrom(sources({ socketBytes: () => bytes }));
    m.received.inc({ channel: 'bulk' }, 4096);
    const text1 = await m.text();
    expect(text1).toContain('fl_received_bytes_total{channel="socket"} 100');
    expect(text1).toContain('fl_sent_bytes_total{channel="socket"} 200');
    expect(text1).toContain('fl_received_bytes_total{channel="bulk"} 4096');
    bytes = { received: 150, sent: 900 };
    const text2 = await m.text();
    expect(text2).toContain('fl_received_bytes_total{channel="socket"} 150');
    expect(text2).toContain('fl_sent_bytes_total{channel="socket"} 900');
  });

  it('serves the Prometheus text format', async () => {
    const m = new CoordinatorMetrics({ defaults: false });
    expect(m.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await m.text()).toMatch(/^# HELP fl_rounds_total .+\n# TYPE fl_rounds_total counter\nfl_rounds_total\{outcome="completed"\} 0/m);
  });
});
