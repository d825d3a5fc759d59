/**
 * @module metrics/coordinator-metrics
 * Every Prometheus metric the coordinator exports, defined once, in its own
 * `prom-client` registry (one per app instance, so tests can boot several in
 * one process). Framework-free: the Nest side (metrics.wiring) hands it the
 * live sources read at scrape time and forwards round changes to it.
 *
 * Label values come only from fixed sets (round outcome, round phase or
 * secure-aggregation stage, channel, protocol `ErrorCode`, client status):
 * no client or job id is ever a label, so the series count is bounded
 * whatever the traffic (README.md "Metrics and logs").
 *
 * Hot paths only increment or observe (O(1) per message); gauges and the
 * socket byte counters are read when Prometheus scrapes.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type MetricObject } from 'prom-client';
import { ErrorCode, RoundPhase, SECAGG_STAGES, type EventLoopDelay } from '@fl/protocol';

/** Where a message or byte travelled: the socket.io connection or the bulk HTTP channel (docs/architecture.md). */
export const CHANNELS = ['socket', 'bulk'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ROUND_OUTCOMES = ['completed', 'failed'] as const;
export type RoundOutcome = (typeof ROUND_OUTCOMES)[number];

/** Round phases that take time, then the secure-aggregation stages: the `stage` label's whole set. */
export const STAGES = [RoundPhase.WaitingForClients, RoundPhase.Configuring, RoundPhase.Training, RoundPhase.Aggregating, RoundPhase.Evaluating, ...SECAGG_STAGES] as const;
export type Stage = (typeof STAGES)[number];

/** `code` label values: the protocol's codes; anything else counts as OTHER. */
export const REFUSAL_CODES: readonly string[] = [...Object.values(ErrorCode), 'OTHER'];

export const PREDICT_OUTCOMES = ['ok', 'error'] as const;
export type PredictOutcome = (typeof PREDICT_OUTCOMES)[number];

/** What the gauges read when Prometheus scrapes. */
export interface MetricSources {
  /** Authenticated edge clients with a live socket. */
  connectedClients(): number;
  /** Enrolled clients by status (active, suspended, revoked). */
  enrolledClients(): Readonly<Record<string, number>>;
  /** Bytes through edge-client socket connections so far (monotonic). */
  socketBytes(): { received: number; sent: number };
  eventLoopDelay(): EventLoopDelay;
  /** Predict requests waiting for an inference worker. */
  predictQueueDepth(): number;
}

const ROUND_BUCKETS = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600];
const STAGE_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800];
const PREDICT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

let processRegistry: Registry | null = null;

/**
 * prom-client's process and Node.js metrics (CPU, memory, heap, GC, handles):
 * one set per process, shared by every app in it — they describe the process,
 * and their probes (an event-loop histogram, a GC observer) cannot be stopped.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export class CoordinatorMetrics {
  /** This app's own metrics (`fl_…`). */
  readonly registry = new Registry();
  private readonly process: Registry | null;
  private sources: MetricSources | null = null;
  private readonly reportedSocket = { received: 0, sent: 0 };
  private readonly refusalCodes = new Set(REFUSAL_CODES);

  readonly rounds = new Counter({ name: 'fl_rounds_total', help: 'Round attempts that ended, by outcome', labelNames: ['outcome'] as const, registers: [this.registry] });
  readonly roundSeconds = new Histogram({ name: 'fl_round_duration_seconds', help: 'Wall time of a round attempt, start to end, by outcome', labelNames: ['outcome'] as const, buckets: ROUND_BUCKETS, registers: [this.registry] });
  readonly stageSeconds = new Histogram({ name: 'fl_round_stage_duration_seconds', help: 'Time a round attempt spent in each phase and secure-aggregation stage', labelNames: ['stage'] as const, buckets: STAGE_BUCKETS, registers: [this.registry] });
  readonly secaggSurvivors = new Gauge({ name: 'fl_secagg_survivors', help: 'Secure aggregation: clients asked at each stage of the latest secure round (|U_i|)', labelNames: ['stage'] as const, registers: [this.registry] });
  readonly secaggThreshold = new Gauge({ name: 'fl_secagg_threshold', help: 'Secure aggregation: threshold t of the latest secure round (fewer survivors fail the round)', registers: [this.registry] });
  readonly refused = new Counter({ name: 'fl_refused_messages_total', help: 'Client messages and bulk requests refused, by channel and protocol error code', labelNames: ['channel', 'code'] as const, registers: [this.registry] });
  readonly received = new Counter({ name: 'fl_received_bytes_total', help: 'Bytes received from edge clients, by channel (socket: wire bytes of closed and live connections; bulk: upload bodies)', labelNames: ['channel'] as const, registers: [this.registry], collect: () => this.collectSocketBytes() });
  readonly sent = new Counter({ name: 'fl_sent_bytes_total', help: 'Bytes sent to edge clients, by channel (socket: wire bytes; bulk: model chunk bodies)', labelNames: ['channel'] as const, registers: [this.registry], collect: () => this.collectSocketBytes() });
  readonly predictSeconds = new Histogram({ name: 'fl_predict_duration_seconds', help: 'Predict request latency (resolve, queue, inference), by outcome', labelNames: ['outcome'] as const, buckets: PREDICT_BUCKETS, registers: [this.registry] });

  constructor(o: { defaults?: boolean } = {}) {
    const registers = [this.registry];
    const sources = () => this.sources;
    new Gauge({ name: 'fl_clients_connected', help: 'Authenticated edge clients with a live connection', registers, collect: gaugeOf(() => sources()?.connectedClients()) });
    new Gauge({
      name: 'fl_clients_enrolled',
      help: 'Enrolled edge clients, by status',
      labelNames: ['status'] as const,
      registers,
      collect() {
        const by = sources()?.enrolledClients() ?? {};
        this.reset();
        for (const [status, n] of Object.entries(by)) this.set({ status }, n);
      },
    });
    new Gauge({
      name: 'fl_event_loop_delay_seconds',
      help: 'How late the event loop runs a 10 ms timer, since start or the last POST /api/health/event-loop/reset (health/event-loop.monitor)',
      labelNames: ['stat'] as const,
      registers,
      collect() {
        const d = sources()?.eventLoopDelay();
        if (!d) return;
        for (const stat of ['p50', 'p99', 'max', 'mean'] as const) this.set({ stat }, d[stat] / 1000);
      },
    });
    new Gauge({ name: 'fl_predict_queue_depth', help: 'Predict requests waiting for an inference worker', registers, collect: gaugeOf(() => sources()?.predictQueueDepth()) });
    // Series that exist from the start (0), so dashboards and rate() see them before the first event.
    for (const outcome of ROUND_OUTCOMES) this.rounds.inc({ outcome }, 0);
    for (const channel of CHANNELS) {
      this.received.inc({ channel }, 0);
      this.sent.inc({ channel }, 0);
    }
    this.process = (o.defaults ?? true) ? processMetrics() : null;
  }

  /** Sets what the gauges read; until then they read 0. */
  readFrom(sources: MetricSources): void {
    this.sources = sources;
  }

  roundEnded(outcome: RoundOutcome, seconds: number | null, stages: Partial<Record<string, number>>): void {
    this.rounds.inc({ outcome });
    if (seconds !== null) this.roundSeconds.observe({ outcome }, seconds);
    for (const stage of STAGES) {
      const s = stages[stage];
      if (s !== undefined) this.stageSeconds.observe({ stage }, s);
    }
  }

  refusal(channel: Channel, code: string): void {
    this.refused.inc({ channel, code: this.refusalCodes.has(code) ? code : 'OTHER' });
  }

  /** The exposition text (`GET /metrics`): this app's metrics, then the process's. */
  async text(): Promise<string> {
    const [own, proc] = await Promise.all([this.registry.metrics(), this.process?.metrics() ?? '']);
    return own + proc;
  }

  /** Every exported metric, the app's and the process's. */
  all(): MetricObject[] {
    return [...this.registry.getMetricsAsArray(), ...(this.process?.getMetricsAsArray() ?? [])];
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric name the registry exports (without the `_bucket`/`_sum`/`_count` series suffixes). */
  names(): string[] {
    return this.all().map((m) => m.name);
  }

  private collectSocketBytes(): void {
    const now = this.sources?.socketBytes();
    if (!now) return;
    const r = this.reportedSocket;
    if (now.received > r.received) this.received.inc({ channel: 'socket' }, now.received - r.received);
    if (now.sent > r.sent) this.sent.inc({ channel: 'socket' }, now.sent - r.sent);
    r.received = Math.max(r.received, now.received);
    r.sent = Math.max(r.sent, now.sent);
  }
}

function gaugeOf(read: () => number | undefined) {
  return function (this: Gauge) {
    this.set(read() ?? 0);
  };
}
