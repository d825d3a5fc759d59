/**
 * The bulk channel (protocol `bulk`) on the real coordinator: model chunks
 * and whole uploads over its HTTP port, served by the bulk worker thread.
 * An update uploaded there is aggregated exactly as one sent over the
 * socket; every bad request gets a status, a code and a message, and
 * changes nothing, while the round goes on for everyone else.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { createHash } from 'node:crypto';
import { deserializeWeights, serializeWeights } from '@fl/fl-core';
import { BULK_CLIENT_HEADER, ErrorCode, MAX_MODEL_BYTES, bulkModelPath, bulkUploadPath, type Ack, type RegisterReply, type RoundTask } from '@fl/protocol';
import { scriptedSuite, startHarness, until, type Harness } from './support/harness';
import { PLAIN } from './support/plain';
import { ScriptedClient } from './support/scripted-client';
import { BulkChannel } from '../../apps/coordinator/src/bulk/bulk-channel';

const P = 1000;

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json: { ok?: boolean; received?: number; error?: { code: string; message: string } } | null;
}

/** One raw HTTP request to the bulk port; `body` false sends headers only and waits for the answer. */
function call(port: number, method: string, path: string, headers: Record<string, string | number>, body?: Uint8Array): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(parts);
        let json: Reply['json'] = null;
        try {
          json = JSON.parse(buf.toString('utf8'));
        } catch {
          /* binary */
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: buf, json });
      });
    });
    req.on('error', reject);
    if (body) req.end(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    else if (headers['content-length'] !== undefined && Number(headers['content-length']) > 0) req.flushHeaders();
    else req.end();
  });
}

const auth = (c: ScriptedClient) => ({ [BULK_CLIENT_HEADER]: c.clientId, authorization: `Bearer ${c.bulkCredential}` });
const codeOf = (a: Ack) => (a.ok ? undefined : a.error.code);

describe('bulk channel', () => {
  let h: Harness;
  let port: number;
  const { enrol } = scriptedSuite((x) => (h = x));

  it('advertises its port; an update sent over it is aggregated like one sent over the socket; bad requests are refused and change nothing', async () => {
    // Prepare: a reads and uploads over the bulk port, b over the socket; the rest misbehave.
    const a = await enrol({ name: 'bulk', numExamples: 1, auto: false });
    const b = await enrol({ name: 'socket', numExamples: 3, perturbation: 0.6 });
    const wrongSize = await enrol({ name: 'wrong-size', auto: false });
    const reply = (await a.register()) as Extract<Ack<RegisterReply>, { ok: true }>;
    expect(reply.ok).toBe(true);
    expect(reply.bulkPort).toEqual(expect.any(Number));
    port = reply.bulkPort!;
    const job = await h.createJob({ model: { builtin: 'synthetic', params: P }, dataset: 'synth', rounds: 1, clientsPerRound: 3, minClients: 1, overSelection: 0, roundDeadlineSeconds: 20, waitForClientsSeconds: 5, evaluate: false, secureAggregation: PLAIN });
    const x0 = await h.weights(job.modelHash);
    await h.startJob(job.id);
    const ta: RoundTask = await a.nextTask(0);
    const tw: RoundTask = await wrongSize.nextTask(0);
    const ref = ta.model;

    // Execute + Assert: the model, byte for byte
    const chunk = await call(port, 'GET', bulkModelPath(ref.hash, 0), auth(a));
    expect(chunk.status).toBe(200);
    expect(chunk.headers['content-type']).toBe('application/octet-stream');
    expect(chunk.body.byteLength).toBe(ref.bytes);
    expect(createHash('sha256').update(chunk.body).digest('hex')).toBe(ref.hash);

    // Identity
    const noAuth = await call(port, 'GET', bulkModelPath(ref.hash, 0), {});
    expect([noAuth.status, noAuth.json?.error?.code]).toEqual([401, ErrorCode.NotRegistered]);
    expect(noAuth.json?.error?.message).toMatch(/x-fl-client-id/);
    const stranger = await call(port, 'GET', bulkModelPath(ref.hash, 0), { [BULK_CLIENT_HEADER]: 'no-such-client', authorization: 'Bearer abc' });
    expect([stranger.status, stranger.json?.error?.code]).toEqual([401, ErrorCode.NotRegistered]);
    const forged = await call(port, 'GET', bulkModelPath(ref.hash, 0), { [BULK_CLIENT_HEADER]: a.clientId, authorization: `Bearer ${'0'.repeat(64)}` });
    expect([forged.status, forged.json?.error?.code]).toEqual([401, ErrorCode.ForgedIdentity]);
    const forgedUpload = await call(port, 'PUT', bulkUploadPath(ta.taskId), { [BULK_CLIENT_HEADER]: a.clientId, authorization: 'Bearer forged', 'content-length': 8 }, new Uint8Array(8));
    expect([forgedUpload.status, forgedUpload.json?.error?.code]).toEqual([401, ErrorCode.ForgedIdentity]);

    // Models and paths
    const unknownModel = await call(port, 'GET', bulkModelPath('ab'.repeat(32), 0), auth(a));
    expect([unknownModel.status, unknownModel.json?.error?.code]).toEqual([404, ErrorCode.UnknownModel]);
    const pastEnd = await call(port, 'GET', bulkModelPath(ref.hash, ref.chunks), auth(a));
    expect([pastEnd.status, pastEnd.json?.error?.code]).toEqual([404, ErrorCode.UnknownModel]);
    const wrongMethod = await call(port, 'DELETE', bulkModelPath(ref.hash, 0), auth(a));
    expect([wrongMethod.status, wrongMethod.json?.error?.code]).toEqual([400, ErrorCode.BadPayload]);
    const nowhere = await call(port, 'GET', '/v1/secrets', auth(a));
    expect([nowhere.status, nowhere.json?.error?.code]).toEqual([404, ErrorCode.BadPayload]);

    // Uploads that must not be read
    const update = (c: number) => {
      const data = new Float32Array(P);
      for (let i = 0; i < P; i++) data[i] = x0[i] + c;
      return serializeWeights({ layout: ref.layout, data });
    };
    const good = update(0.2);
    const unknownTask = await call(port, 'PUT', bulkUploadPath('no-such-task'), { ...auth(a), 'content-length': good.byteLength }, good);
    expect([unknownTask.status, unknownTask.json?.error?.code]).toEqual([404, ErrorCode.UnknownTask]);
    const othersTask = await call(port, 'PUT', bulkUploadPath(tw.taskId), { ...auth(a), 'content-length': good.byteLength }, good);
    expect([othersTask.status, othersTask.json?.error?.code]).toEqual([409, ErrorCode.NotInCohort]);
    const huge = await call(port, 'PUT', bulkUploadPath(ta.taskId), { ...auth(a), 'content-length': MAX_MODEL_BYTES + 1 });
    expect([huge.status, huge.json?.error?.code]).toEqual([413, ErrorCode.Oversized]);
    expect(huge.headers.connection).toBe('close');
    const chunked = await call(port, 'PUT', bulkUploadPath(ta.taskId), { ...auth(a), 'transfer-encoding': 'chunked' }, good);
    expect([chunked.status, chunked.json?.error?.code]).toEqual([400, ErrorCode.BadPayload]);
    expect(chunked.json?.error?.message).toMatch(/content-length/);

    // An upload broken off half-way counts for nothing.
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, method: 'PUT', path: bulkUploadPath(ta.taskId), headers: { ...auth(a), 'content-length': good.byteLength }, agent: false });
      req.on('error', () => resolve());
      req.write(Buffer.from(good.buffer, good.byteOffset, good.byteLength / 2));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    const commitEarly = await a.commit(ta, 1);
    expect(codeOf(commitEarly)).toBe(ErrorCode.BadPayload); // "commit before any update chunk": the slot fails
    expect(commitEarly.ok ? '' : commitEarly.error.message).toMatch(/before any update chunk/);

    // A size the round does not expect fails that client's task, like a wrong chunk over the socket.
    const wrong = await call(port, 'PUT', bulkUploadPath(tw.taskId), { ...auth(wrongSize), 'content-length': good.byteLength + 4 }, new Uint8Array(good.byteLength + 4));
    expect([wrong.status, wrong.json?.error?.code]).toEqual([413, ErrorCode.Oversized]);

    // The round completes with b alone (a's task failed on its early commit), and the coordinator still serves.
    const done = await h.waitJob(job.id, (j) => j.status === 'completed' || j.status === 'failed', 30000);
    expect(done.status).toBe('completed');
    const round = done.rounds[done.rounds.length - 1];
    expect(round.participants).toEqual([b.clientId]);
    expect(round.failures.map((f) => f.code)).toEqual(expect.arrayContaining([ErrorCode.NotInCohort, ErrorCode.BadPayload, ErrorCode.Oversized]));
    const x1 = await h.weights(done.modelHash);
    for (let i = 0; i < P; i += 97) expect(x1[i]).toBeCloseTo(x0[i] + 0.6, 5);
  }, 60000);

  it('aggregates an update uploaded over the bulk port with one sent over the socket (FedAvg weighted mean)', async () => {
    // Prepare
    const a = await enrol({ name: 'bulk-2', dataset: 'synth-2', numExamples: 1, auto: false });
    const b = await enrol({ name: 'socket-2', dataset: 'synth-2', numExamples: 3, perturbation: 0.6 });
    const job = await h.createJob({ model: { builtin: 'synthetic', params: P }, dataset: 'synth-2', rounds: 1, clientsPerRound: 2, minClients: 2, overSelection: 0, roundDeadlineSeconds: 20, waitForClientsSeconds: 5, evaluate: false, secureAggregation: PLAIN });
    const x0 = await h.weights(job.modelHash);
    await h.startJob(job.id);
    const task = await a.nextTask(0);

    // Execute: a downloads, uploads over the bulk port and commits over the socket without data.
    const got = await call(port, 'GET', bulkModelPath(task.model.hash, 0), auth(a));
    const global = deserializeWeights(new Uint8Array(got.body), task.model.layout).data;
    const data = new Float32Array(P);
    for (let i = 0; i < P; i++) data[i] = global[i] + 0.2;
    const bytes = serializeWeights({ layout: task.model.layout, data });
    const put = await call(port, 'PUT', bulkUploadPath(task.taskId), { ...auth(a), 'content-length': bytes.byteLength }, bytes);
    const commit = await a.commit(task, 1);
    const again = await call(port, 'PUT', bulkUploadPath(task.taskId), { ...auth(a), 'content-length': bytes.byteLength }, bytes);
    const done = await h.waitJob(job.id, (j) => j.status === 'completed' || j.status === 'failed', 30000);

    // Assert: the default bound clips at the round's median norm (that of 0.4 per coordinate), so 0.6 counts as 0.4:
    // (1 × 0.2 + 3 × 0.4) / 4 = 0.35; an upload after the commit was refused and changed nothing.
    expect([put.status, put.json]).toEqual([200, { ok: true, received: 1 }]);
    expect([again.status, again.json?.error?.code]).toEqual([409, ErrorCode.Duplicate]);
    expect(commit).toEqual({ ok: true, accepted: true });
    expect(done.status).toBe('completed');
    expect(done.rounds[done.rounds.length - 1].participants.sort()).toEqual([a.clientId, b.clientId].sort());
    const x1 = await h.weights(done.modelHash);
    for (let i = 0; i < P; i += 53) expect(x1[i]).toBeCloseTo(x0[i] + 0.35, 5);
  }, 60000);
});

describe('bulk channel worker lost', () => {
  it('stops advertising the port while its worker is dead, serves the socket path meanwhile, and restarts it', async () => {
    // Prepare
    const h = await startHarness();
    const bulk = h.app.get(BulkChannel);
    const c = await ScriptedClient.enrol(h, { auto: false });
    try {
      const before = (await c.register()) as RegisterReply;
      expect(before.bulkPort).toEqual(expect.any(Number));

      // Execute: the worker thread dies (as on an uncaught error or out of memory).
      const exited = new Promise((r) => bulk.thread!.once('exit', r));
      await bulk.thread!.terminate();
      await exited;

      // Assert: no port is advertised, the old one is closed, and the socket path still answers.
      const after = await c.register();
      expect(after.ok).toBe(true);
      expect((after as RegisterReply).bulkPort).toBeUndefined();
      await expect(call(before.bulkPort!, 'GET', bulkModelPath('ab'.repeat(32), 0), auth(c))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      const job = await h.createJob({ model: { builtin: 'synthetic', params: P }, dataset: 'synth', rounds: 1, clientsPerRound: 1, minClients: 1, overSelection: 0, evaluate: false, secureAggregation: PLAIN });
      await h.startJob(job.id);
      const task = await c.nextTask(0);
      const model = await c.fetchModel(task);
      expect(createHash('sha256').update(model).digest('hex')).toBe(task.model.hash);

      // A new worker listens after the back-off (1 s) and is advertised again.
      await until(() => bulk.thread !== null, 5000, 'the bulk worker restart');
      const again = (await c.register()) as RegisterReply;
      expect(again.bulkPort).toEqual(expect.any(Number));
      const served = await call(again.bulkPort!, 'GET', bulkModelPath(task.model.hash, 0), auth(c));
      expect(createHash('sha256').update(served.body).digest('hex')).toBe(task.model.hash);
    } finally {
      c.close();
      await h.close();
    }
  });
});

describe('bulk channel turned off', () => {
  it('with --bulk-port -1 the registration reply names no bulk port', async () => {
    const h = await startHarness({ bulkPort: -1 });
    const c = await ScriptedClient.enrol(h, { auto: false });
    try {
      const r = await c.register();
      expect(r.ok).toBe(true);
      expect((r as RegisterReply).bulkPort).toBeUndefined();
    } finally {
      c.close();
      await h.close();
    }
  });
});
