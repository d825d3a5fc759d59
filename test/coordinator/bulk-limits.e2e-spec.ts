/**
 * The bulk channel's limits on the real coordinator (its bulk worker thread,
 * real sockets): one upload in flight per task, nothing held for a body that
 * never comes, slowloris headers cut off, a stalled body cut off with its
 * task freed for the honest retry, requests per client and connections per
 * address bounded — while an honest client completes the round.
 */
import { connect, type Socket } from 'node:net';
import { request } from 'node:http';
import { serializeWeights } from '@fl/fl-core';
import { BULK_CLIENT_HEADER, ErrorCode, bulkModelPath, bulkUploadPath, type RegisterReply } from '@fl/protocol';
import { scriptedSuite, startHarness, type Harness } from './support/harness';
import { PLAIN } from './support/plain';
import { ScriptedClient } from './support/scripted-client';

const P = 1000;
const TIMEOUT_S = 2;

interface Outcome {
  status?: number;
  code?: string;
  /** The connection closed without an answer. */
  cut?: boolean;
  ms: number;
}

const auth = (c: ScriptedClient) => ({ [BULK_CLIENT_HEADER]: c.clientId, authorization: `Bearer ${c.bulkCredential}` });

/** A request to the bulk port sending `body` (or only `send` bytes of it, then nothing). */
function put(port: number, method: string, path: string, headers: Record<string, string | number>, body?: Uint8Array, send = body?.byteLength ?? 0): Promise<Outcome> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        let code: string | undefined;
        try {
          code = JSON.parse(Buffer.concat(parts).toString('utf8')).error?.code;
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode, code, ms: Date.now() - t0 });
      });
    });
    req.on('error', () => resolve({ cut: true, ms: Date.now() - t0 }));
    if (body && send === body.byteLength) req.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    else if (body) {
      req.flushHeaders();
      if (send > 0) req.write(Buffer.from(body.buffer, body.byteOffset, send));
    } else req.end();
  });
}

/** A raw TCP connection; resolves with how long until the server closed it. */
function rawConnection(port: number, onConnect: (s: Socket) => void = () => undefined): Promise<{ ms: number; data: string }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    let data = '';
    const s = connect(port, '127.0.0.1', () => onConnect(s));
    s.on('data', (c) => (data += c.toString('latin1')));
    s.on('error', () => undefined);
    s.on('close', () => resolve({ ms: Date.now() - t0, data }));
  });
}

async function bulkPortOf(c: ScriptedClient): Promise<number> {
  const r = (await c.register()) as RegisterReply; // re-authenticates over a fresh challenge; the reply names the port
  return r.bulkPort!;
}

describe('bulk channel limits', () => {
  let h: Harness;
  const { enrol } = scriptedSuite((x) => (h = x), { config: { bulkHeadersTimeoutSeconds: TIMEOUT_S, bulkIdleTimeoutSeconds: TIMEOUT_S } });

  it('admits one of four concurrent body-less PUTs for a task, cuts stalled bodies off after the idle timeout, and the honest retry completes the round', async () => {
    // Prepare: a uploads over the bulk port, b (honest, over the socket) trains normally.
    const a = await enrol({ name: 'bulk', numExamples: 1, auto: false });
    const b = await enrol({ name: 'honest', numExamples: 1, perturbation: 0.5 });
    const port = await bulkPortOf(a);
    const job = await h.createJob({ model: { builtin: 'synthetic', params: P }, dataset: 'synth', rounds: 1, clientsPerRound: 2, minClients: 2, overSelection: 0, roundDeadlineSeconds: 60, evaluate: false, secureAggregation: PLAIN });
    const x0 = await h.weights(job.modelHash);
    await h.startJob(job.id);
    const task = await a.nextTask(0);
    const data = new Float32Array(P).map((_, i) => x0[i] + 0.1);
    const good = serializeWeights({ layout: task.model.layout, data });
    const headers = { ...auth(a), 'content-length': good.byteLength };
    const path = bulkUploadPath(task.taskId);

    // Execute: four PUTs announce the whole body and send none of it.
    const four = await Promise.all(Array.from({ length: 4 }, () => put(port, 'PUT', path, headers, good, 0)));
    // A second try sends half the body, then stalls.
    const half = await put(port, 'PUT', path, headers, good, good.byteLength / 2);
    // The honest retry.
    const retry = await put(port, 'PUT', path, headers, good);
    const commit = await a.commit(task, 1);
    const done = await h.waitJob(job.id, (j) => j.status === 'completed' || j.status === 'failed', 30_000);

    // Assert
    const refused = four.filter((o) => o.status === 409);
    const held = four.filter((o) => o.cut);
    expect(refused.map((o) => o.code)).toEqual([ErrorCode.UploadInProgress, ErrorCode.UploadInProgress, ErrorCode.UploadInProgress]);
    expect(refused.every((o) => o.ms < 1000)).toBe(true);
    expect(held).toHaveLength(1);
    expect(held[0].ms).toBeGreaterThanOrEqual(TIMEOUT_S * 1000 - 100);
    expect(held[0].ms).toBeLessThan(TIMEOUT_S * 1000 + 2000);
    expect(half.cut).toBe(true);
    expect(half.ms).toBeLessThan(TIMEOUT_S * 1000 + 2000);
    expect([retry.status, commit]).toEqual([200, { ok: true, accepted: true }]);
    expect(done.status).toBe('completed');
    expect(done.rounds[done.rounds.length - 1].participants.sort()).toEqual([a.clientId, b.clientId].sort());
  }, 60_000);

  it('closes a connection whose headers never finish (slowloris) within the headers timeout', async () => {
    // Prepare
    const a = await enrol({ name: 'slowloris', auto: false });
    const port = await bulkPortOf(a);
    let trickle: NodeJS.Timeout | undefined;

    // Execute: a header line every 300 ms, never the blank line that ends them.
    const closed = await rawConnection(port, (s) => {
      s.write(`PUT ${bulkUploadPath('t')} HTTP/1.1\r\nHost: x\r\n`);
      trickle = setInterval(() => s.write('x-slow: 1\r\n'), 300);
    });
    clearInterval(trickle);

    // Assert: node answers 408 and closes, within the timeout and its 1 s check interval.
    expect(closed.ms).toBeLessThan(TIMEOUT_S * 1000 + 2500);
    expect(closed.data).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('bulk channel per-client and per-address limits', () => {
  it('refuses a client’s request beyond its in-flight limit with 429, and connections beyond the per-address limit', async () => {
    // Prepare
    const h = await startHarness({ bulkMaxRequestsPerClient: 1, bulkMaxConnectionsPerAddress: 2, bulkIdleTimeoutSeconds: 5 });
    const a = await ScriptedClient.enrol(h, { auto: false });
    try {
      const port = await bulkPortOf(a);
      const job = await h.createJob({ model: { builtin: 'synthetic', params: P }, dataset: 'synth', rounds: 1, clientsPerRound: 1, minClients: 1, overSelection: 0, evaluate: false, secureAggregation: PLAIN });
      await h.startJob(job.id);
      const task = await a.nextTask(0);

      // Execute: one upload held open (headers only), then a second request from the same client.
      const held = put(port, 'PUT', bulkUploadPath(task.taskId), { ...auth(a), 'content-length': task.model.bytes }, new Uint8Array(task.model.bytes), 0);
      await new Promise((r) => setTimeout(r, 300));
      const second = await put(port, 'GET', bulkModelPath(task.model.hash, 0), auth(a));
      // Two connections open from 127.0.0.1 (held + one idle); a third is closed at once.
      void rawConnection(port);
      await new Promise((r) => setTimeout(r, 300));
      const extra = rawConnection(port);
      const third = await Promise.race([extra, new Promise<null>((r) => setTimeout(() => r(null), 1500))]);

      // Assert
      expect([second.status, second.code]).toEqual([429, ErrorCode.TooManyRequests]);
      expect(third).not.toBeNull();
      expect(third!.ms).toBeLessThan(1000);
      expect(third!.data).toBe('');
      expect((await held).cut).toBe(true);
    } finally {
      a.close();
      await h.close();
    }
  }, 30_000);
});
