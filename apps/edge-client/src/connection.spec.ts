import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { SOCKET_PATH, type ClientToServerEvents, type RegisterRequest, type ServerToClientEvents, type RegisterReply, type Ack } from '@fl/protocol';
import { Connection } from './connection';
import type { ClientError } from './errors';
import type { Log } from './log';

const log: Log = { info: () => {}, warn: () => {}, round: () => {} };

/** Answers registrations with the next scripted reply (the last one repeats). */
async function serverWith(replies: Array<(req: RegisterRequest) => Ack<RegisterReply>>) {
  const http: HttpServer = createServer();
  const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, { path: SOCKET_PATH, transports: ['websocket'] });
  const seen: RegisterRequest[] = [];
  io.on('connection', (s) => {
    s.on('client:register', (req, ack) => {
      seen.push(req);
      ack(replies[Math.min(seen.length - 1, replies.length - 1)](req));
    });
    s.on('model:fetch', () => {
      /* never acknowledged */
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return { io, url, seen, close: () => new Promise((r) => (io.close(), http.close(r))) };
}

const ok = (id: string): ((req: RegisterRequest) => Ack<RegisterReply>) => () => ({ ok: true, clientId: id, sessionToken: `tok-${id}`, maxChunkBytes: 1024 });
const refuse = (code: string) => (): Ack<RegisterReply> => ({ ok: false, error: { code: code as 'FORGED_IDENTITY', message: 'refused' } });
const registration = { name: 'c', dataset: { name: 'mnist', numExamples: 10 }, backend: 'cpu' as const };

describe(Connection.name, () => {
  let conn: Connection | null = null;
  afterEach(() => conn?.close());

  it('takes its chunk limit from the registration reply and fails fast when a request is not acknowledged', async () => {
    const srv = await serverWith([ok('a')]);
    conn = new Connection({ url: srv.url, registration, log });
    conn.start();
    await conn.whenRegistered(5000);
    expect(conn.maxChunkBytes).toBe(1024);
    expect(srv.seen[0]).toMatchObject({ protocolVersion: 1, name: 'c', dataset: { name: 'mnist', numExamples: 10 }, backend: 'cpu' });
    await expect(conn.request('model:fetch', { hash: 'h', index: 0 }, 100)).rejects.toMatchObject({ code: 'TIMEOUT' });
    await srv.close();
  });

  it('registers anew when the coordinator no longer knows its identity', async () => {
    const srv = await serverWith([ok('a'), refuse('FORGED_IDENTITY'), ok('b')]);
    conn = new Connection({ url: srv.url, registration, log, reconnectionDelay: 20, reconnectionDelayMax: 50 });
    const firsts: boolean[] = [];
    conn.onRegistered((first) => firsts.push(first));
    conn.start();
    await conn.whenRegistered(5000);
    srv.io.disconnectSockets(true);
    await new Promise<void>((resolve) => conn!.onRegistered(() => resolve()));
    expect(srv.seen.map((r) => r.clientId)).toEqual([undefined, 'a', undefined]);
    expect(conn.clientId).toBe('b');
    expect(firsts).toEqual([true, true]);
    await srv.close();
  });

  it('gives up for good on a refusal it cannot fix (protocol version)', async () => {
    const srv = await serverWith([refuse('PROTOCOL_VERSION')]);
    const fatal = new Promise<ClientError>((resolve) => {
      conn = new Connection({ url: srv.url, registration, log, onFatal: resolve });
    });
    conn!.start();
    await expect(fatal).resolves.toMatchObject({ code: 'PROTOCOL_VERSION' });
    expect(conn!.isRegistered).toBe(false);
    await expect(conn!.request('model:fetch', { hash: 'h', index: 0 }, 100)).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await srv.close();
  });

  it('rejects a pending request with DISCONNECTED as soon as the socket drops', async () => {
    const srv = await serverWith([ok('a')]);
    conn = new Connection({ url: srv.url, registration, log, reconnectionDelay: 20 });
    conn.start();
    await conn.whenRegistered(5000);
    const pending = conn.request('model:fetch', { hash: 'h', index: 0 }, 10_000);
    setTimeout(() => srv.io.disconnectSockets(true), 20);
    await expect(pending).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await srv.close();
  });
});
