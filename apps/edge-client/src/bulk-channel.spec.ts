import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as IoServer } from 'socket.io';
import { BULK_CLIENT_HEADER, BULK_MIN_BYTES, SOCKET_PATH, bulkModelPath, bulkUploadPath, type ClientToServerEvents, type ServerToClientEvents } from '@fl/protocol';
import { BulkChannel, BulkUnreachable } from './bulk-channel';
import { Connection, bulkBase } from './connection';
import type { Log } from './log';
import { FAKE_ENROLL_TOKEN, answerAuth, registered } from './testing/fake-coordinator';
import { ephemeralIdentity } from './secagg/identity';

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;

/** A real HTTP server on an ephemeral loopback port, answering with `handler`. */
async function httpServer(handler: Handler): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => handler(req, Buffer.concat(parts), res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { server, port, close: () => new Promise((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

/** A port nothing listens on (bound, then closed). */
async function deadPort(): Promise<number> {
  const s = await httpServer(() => undefined);
  await s.close();
  return s.port;
}

const json = (res: ServerResponse, status: number, body: object) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe(BulkChannel.name, () => {
  const closers: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('GETs model chunks and PUTs uploads with the client id and bulk credential', async () => {
    // Prepare
    const seen: Array<{ method?: string; url?: string; id?: string | string[]; auth?: string; body: number }> = [];
    const srv = await httpServer((req, body, res) => {
      seen.push({ method: req.method, url: req.url, id: req.headers[BULK_CLIENT_HEADER], auth: req.headers.authorization, body: body.byteLength });
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': 5 });
        res.end(Buffer.from([1, 2, 3, 4, 5]));
      } else json(res, 200, { ok: true, received: 1 });
    });
    closers.push(srv.close);
    const bulk = new BulkChannel(new URL(`http://127.0.0.1:${srv.port}`), 'client-1', 'tok');
    closers.push(() => bulk.close());

    // Execute
    const chunk = await bulk.fetchChunk('ab12', 3, 5000);
    await bulk.upload('task/1', new Uint8Array(1000), 5000);

    // Assert
    expect([...chunk]).toEqual([1, 2, 3, 4, 5]);
    expect(seen).toEqual([
      { method: 'GET', url: bulkModelPath('ab12', 3), id: 'client-1', auth: 'Bearer tok', body: 0 },
      { method: 'PUT', url: bulkUploadPath('task/1'), id: 'client-1', auth: 'Bearer tok', body: 1000 },
    ]);
    expect(bulkUploadPath('task/1')).toBe('/v1/tasks/task%2F1/upload');
    expect(bulk.unusable).toBeNull();
  });

  it("turns a refusal into the coordinator's code and stays usable", async () => {
    const srv = await httpServer((_req, _body, res) => json(res, 401, { ok: false, error: { code: 'FORGED_IDENTITY', message: 'bulk credential does not match' } }));
    closers.push(srv.close);
    const bulk = new BulkChannel(new URL(`http://127.0.0.1:${srv.port}`), 'c', 't');
    closers.push(() => bulk.close());

    await expect(bulk.fetchChunk('h', 0, 5000)).rejects.toMatchObject({ name: 'ClientError', code: 'FORGED_IDENTITY', message: expect.stringContaining('bulk credential does not match') });
    expect(bulk.unusable).toBeNull();
  });

  it('answers BAD_PAYLOAD for a refusal without a JSON error body', async () => {
    const srv = await httpServer((_req, _body, res) => {
      res.writeHead(502);
      res.end('bad gateway');
    });
    closers.push(srv.close);
    const bulk = new BulkChannel(new URL(`http://127.0.0.1:${srv.port}`), 'c', 't');
    closers.push(() => bulk.close());

    await expect(bulk.upload('t', new Uint8Array(4), 5000)).rejects.toMatchObject({ code: 'BAD_PAYLOAD', message: expect.stringContaining('HTTP 502') });
  });

  it('marks itself unusable when the port cannot be reached, and fails fast from then on', async () => {
    const bulk = new BulkChannel(new URL(`http://127.0.0.1:${await deadPort()}`), 'c', 't');
    closers.push(() => bulk.close());

    await expect(bulk.fetchChunk('h', 0, 5000)).rejects.toBeInstanceOf(BulkUnreachable);
    expect(bulk.unusable).toMatch(/ECONNREFUSED/);
    await expect(bulk.upload('t', new Uint8Array(4), 5000)).rejects.toThrow(/unusable: ECONNREFUSED/);
  });

  it('times out a request the server does not answer', async () => {
    const srv = await httpServer(() => undefined); // never answers
    closers.push(srv.close);
    const bulk = new BulkChannel(new URL(`http://127.0.0.1:${srv.port}`), 'c', 't');
    closers.push(() => bulk.close());

    await expect(bulk.fetchChunk('h', 0, 150)).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('reports a response broken off mid-body as unreachable, not as data', async () => {
    const srv = await httpServer((_req, _body, res) => {
      res.writeHead(200, { 'content-length': 1000 });
      res.write(Buffer.alloc(10));
      setTimeout(() => res.destroy(), 20);
    });
    closers.push(srv.close);
    const bulk = new BulkChannel(new URL(`http://127.0.0.1:${srv.port}`), 'c', 't');
    closers.push(() => bulk.close());

    await expect(bulk.fetchChunk('h', 0, 5000)).rejects.toBeInstanceOf(BulkUnreachable);
  });

  it('derives its base URL from the coordinator URL: same host, the bulk port, http(s)', () => {
    expect(bulkBase('http://user:pw@coord.example:8080/fl?x=1', 8081).href).toBe('http://coord.example:8081/');
    expect(bulkBase('wss://coord.example', 9000).href).toBe('https://coord.example:9000/');
  });
});

describe('Connection over a bulk channel', () => {
  const log: Log & { warnings: string[] } = { warnings: [], info: () => {}, warn: (event) => log.warnings.push(event), round: () => {} };

  it('keeps small transfers on the socket; falls back to the socket once the advertised port is unreachable', async () => {
    // Prepare: a socket server advertising a bulk port nobody listens on.
    const http = createServer();
    const io = new IoServer<ClientToServerEvents, ServerToClientEvents>(http, { path: SOCKET_PATH, transports: ['websocket'] });
    const port = await deadPort();
    const fetched: number[] = [];
    io.on('connection', (s) => {
      answerAuth(s, () => registered('c1', { bulkPort: port }));
      s.on('model:fetch', (req, ack) => (fetched.push(req.index), ack({ ok: true, index: req.index, data: Buffer.from([9, 9]) })));
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const conn = new Connection({ url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, registration: { name: 'c', dataset: { name: 'd', numExamples: 1 }, backend: 'cpu' }, identity: ephemeralIdentity(), enrollToken: FAKE_ENROLL_TOKEN, log });
    try {
      conn.start();
      await conn.whenRegistered(5000);
      expect(conn.bulkUsable).toBe(true);

      // Execute + Assert: small transfers never try the bulk port…
      expect([conn.viaBulk(BULK_MIN_BYTES - 1), conn.viaBulk(BULK_MIN_BYTES)]).toEqual([false, true]);
      expect([...(await conn.fetchModelChunk('h', 0, 100, 5000))]).toEqual([9, 9]);
      expect(await conn.uploadBulk('t', new Uint8Array(8), 5000)).toBe(false);
      expect(log.warnings).toEqual([]);

      // …large ones do, find it unreachable, and go over the socket from then on.
      expect([...(await conn.fetchModelChunk('h', 1, BULK_MIN_BYTES, 5000))]).toEqual([9, 9]);
      expect(await conn.uploadBulk('t', new Uint8Array(BULK_MIN_BYTES), 5000)).toBe(false);
      expect(fetched).toEqual([0, 1]);
      expect(conn.bulkUsable).toBe(false);
      expect(log.warnings).toEqual(['bulk_unreachable']);
    } finally {
      conn.close();
      io.close();
      await new Promise((r) => http.close(r));
    }
  });
});
