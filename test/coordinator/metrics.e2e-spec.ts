/**
 * Prometheus metrics on the real coordinator (README.md "Metrics and logs"):
 * `GET /api/metrics` needs `metrics:read` (a viewer has it, a predict-only
 * token does not); a real secure 1-round job with three real socket
 * clients, one bulk-channel download, one forged bulk request, one malformed
 * socket message and one refused predict request show up in the counters
 * and gauges; no series carries a client or job id; the round's log lines
 * carry its job, round and attempt; `--metrics-port` serves the same text
 * without a token on 127.0.0.1 only.
 */
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { networkInterfaces } from 'node:os';
import { BULK_CLIENT_HEADER, ErrorCode, Events, bulkModelPath, type Ack, type JobView } from '@fl/protocol';
import { BulkChannel } from '../../apps/coordinator/src/bulk/bulk-channel';
import { MetricsServer } from '../../apps/coordinator/src/metrics/metrics.server';
import { createRootLogger } from '../../apps/coordinator/src/logging/root-logger';
import { startHarness, type Harness } from './support/harness';
import { SecureClient } from './support/secure-client';

const P = 1000;

/** The value of the one series of `name` whose labels include `labels` (undefined if none). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

/** GET over plain HTTP; the status and body, or the connection error's code. */
function get(host: string, port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, headers, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.end();
  });
}

describe('metrics (e2e)', () => {
  let h: Harness;
  const clients: SecureClient[] = [];
  const tokens: Record<'viewer' | 'predict', string> = { viewer: '', predict: '' };
  /** The coordinator's log lines (JSON, as on stdout), kept to check the round logs' context. */
  const logs: Array<Record<string, unknown>> = [];
  const logSink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });

  const scrape = async (): Promise<string> => {
    const res = await fetch(`${h.url}/api/metrics`, { headers: h.auth(tokens.viewer) });
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    h = await startHarness({ metricsPort: 0, logLevel: 'log' }, { logger: createRootLogger({ logLevel: 'log', logFormat: 'json' }, { destination: logSink }) });
    tokens.viewer = (await h.tokenFor('viewer')).secret;
    tokens.predict = (await h.tokenFor('predict')).secret;
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await h.close();
  });

  it('serves GET /api/metrics to a viewer token, and refuses no token and a predict-only token', async () => {
    const none = await fetch(`${h.url}/api/metrics`);
    const predict = await fetch(`${h.url}/api/metrics`, { headers: h.auth(tokens.predict) });
    const viewer = await fetch(`${h.url}/api/metrics`, { headers: h.auth(tokens.viewer) });
    expect([none.status, ((await none.json()) as { code: string }).code]).toEqual([401, 'UNAUTHENTICATED']);
    expect([predict.status, ((await predict.json()) as { code: string }).code]).toEqual([403, 'FORBIDDEN']);
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const text = await viewer.text();
    expect(sample(text, 'fl_rounds_total', { outcome: 'completed' })).toBe(0);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('counts a real secure round, client traffic on both channels and refused messages by code', async () => {
    // Prepare
    for (const n of [10, 20, 30]) clients.push(await SecureClient.enrol(h, { dataset: 'sec', numExamples: n, perturbation: n / 100 }));
    const before = await scrape();
    expect(sample(before, 'fl_refused_messages_total', { channel: 'socket', code: ErrorCode.BadPayload })).toBeUndefined();
    const created = await h.createJob({ model: { builtin: 'synthetic', params: P }, dataset: 'sec', rounds: 1, clientsPerRound: 3, minClients: 2, overSelection: 0, roundDeadlineSeconds: 30, waitForClientsSeconds: 20, evaluate: false, secureAggregation: { stageTimeoutSeconds: 10 } });

    // Execute: the round, one model download over the bulk channel, a forged bulk request, a malformed socket message
    await h.startJob(created.id);
    const job: JobView = await h.waitJob(created.id, (j) => j.status !== 'running' && j.status !== 'created', 60_000);
    const a = clients[0].c;
    const port = h.app.get(BulkChannel).stats().port!;
    const chunk = await get('127.0.0.1', port, bulkModelPath(job.modelHash, 0), { [BULK_CLIENT_HEADER]: a.clientId, authorization: `Bearer ${a.bulkCredential}` });
    const forged = await get('127.0.0.1', port, bulkModelPath(job.modelHash, 0), { [BULK_CLIENT_HEADER]: a.clientId, authorization: `Bearer ${'0'.repeat(64)}` });
    const malformed: Ack = await a.emit(Events.UpdateCommit, { taskId: 42, nonsense: true });
    // The synthetic model is layout-only: a predict on it is refused (409), and timed as an error.
    const predict = await h.rest('POST', `/models/${job.modelVersionId}/predict`, { inputs: [[0]] }, tokens.predict);
    const text = await scrape();

    // Assert
    expect(job.status).toBe('completed');
    expect('status' in chunk && chunk.status).toBe(200);
    expect('status' in forged && forged.status).toBe(401);
    expect(malformed).toMatchObject({ ok: false, error: { code: ErrorCode.BadPayload } });
    expect(predict.status).toBe(409);
    expect(sample(text, 'fl_rounds_total', { outcome: 'completed' })).toBe(1);
    expect(sample(text, 'fl_rounds_total', { outcome: 'failed' })).toBe(0);
    expect(sample(text, 'fl_round_duration_seconds_count', { outcome: 'completed' })).toBe(1);
    expect(sample(text, 'fl_round_duration_seconds_sum', { outcome: 'completed' })).toBeCloseTo(job.rounds[0].seconds!, 6);
    expect(sample(text, 'fl_round_stage_duration_seconds_count', { stage: 'training' })).toBe(1);
    expect(sample(text, 'fl_round_stage_duration_seconds_count', { stage: 'unmask' })).toBe(1);
    expect(sample(text, 'fl_clients_connected')).toBe(3);
    expect(sample(text, 'fl_clients_enrolled', { status: 'active' })).toBe(3);
    // Three masked updates of P ring elements (4 bytes each) came in over the socket; models went out.
    expect(sample(text, 'fl_received_bytes_total', { channel: 'socket' })).toBeGreaterThan(3 * 4 * P);
    expect(sample(text, 'fl_sent_bytes_total', { channel: 'socket' })).toBeGreaterThan(0);
    expect(sample(text, 'fl_sent_bytes_total', { channel: 'bulk' })).toBeGreaterThanOrEqual('status' in chunk ? Buffer.byteLength(chunk.body, 'latin1') : 1);
    expect(sample(text, 'fl_refused_messages_total', { channel: 'socket', code: ErrorCode.BadPayload })).toBe(1);
    expect(sample(text, 'fl_refused_messages_total', { channel: 'bulk', code: ErrorCode.ForgedIdentity })).toBe(1);
    const secure = job.rounds[0].secureAggregation!;
    expect(sample(text, 'fl_secagg_survivors', { stage: 'advertise-keys' })).toBe(3);
    expect(sample(text, 'fl_secagg_survivors', { stage: 'unmask' })).toBe(3);
    expect(sample(text, 'fl_secagg_threshold')).toBe(secure.t);
    expect(sample(text, 'fl_event_loop_delay_seconds', { stat: 'p99' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'fl_predict_queue_depth')).toBe(0);
    expect(sample(text, 'fl_predict_duration_seconds_count', { outcome: 'error' })).toBe(1);
    expect(sample(text, 'fl_predict_duration_seconds_count', { outcome: 'ok' })).toBeUndefined();
    // Round logs carry the job, round and attempt as fields.
    expect(logs).toContainEqual(expect.objectContaining({ level: 'info', context: 'RoundsService', jobId: job.id, round: 1, attempt: 1, msg: expect.stringMatching(/round 1\.1 done in/) }));
    expect(logs).toContainEqual(expect.objectContaining({ level: 'info', jobId: job.id, msg: expect.stringMatching(/completed after 1\/1 round/) }));
    // Bounded labels: no client id, job id or model hash anywhere in the exposition.
    for (const id of [...clients.map((c) => c.c.clientId), job.id, job.modelHash]) expect(text).not.toContain(id);
  });

  it('serves the same metrics without a token on --metrics-port, bound to 127.0.0.1 only', async () => {
    // Prepare: a second coordinator listening on every interface, so only the metrics listener's own bind keeps it local
    const open = await startHarness({ host: '0.0.0.0', metricsPort: 0 });
    try {
      const address = open.app.get(MetricsServer).address()!;
      const mainPort = Number(new URL(open.url).port);
      const external = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

      // Execute
      const metrics = await get('127.0.0.1', address.port, '/metrics');
      const other = await get('127.0.0.1', address.port, '/api/jobs');
      const fromOutside = external ? await get(external, address.port, '/metrics') : null;
      const mainFromOutside = external ? await get(external, mainPort, '/api/health') : null;

      // Assert
      expect(address.address).toBe('127.0.0.1');
      expect('status' in metrics && metrics.status).toBe(200);
      expect('body' in metrics && sample(metrics.body, 'fl_rounds_total', { outcome: 'completed' })).toBe(0);
      expect('status' in other && other.status).toBe(404);
      if (external) {
        expect(mainFromOutside).toMatchObject({ status: 200 }); // the machine's address is reachable…
        expect(fromOutside).toEqual({ error: 'ECONNREFUSED' }); // …but not the metrics listener on it
      }
    } finally {
      await open.close();
    }
    // The first coordinator's listener answers too, and closes with its app (checked by afterAll).
    const mine = h.app.get(MetricsServer).address()!;
    expect(await get('127.0.0.1', mine.port, '/metrics')).toMatchObject({ status: 200 });
  });
});
