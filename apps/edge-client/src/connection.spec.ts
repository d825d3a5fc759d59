import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, type Ack, type RegisterReply, type RegisterRequest } from '@fl/protocol';
import { Connection } from './connection';
import type { ClientError } from './errors';
import type { Log } from './log';
import { ephemeralIdentity } from './secagg/identity';
import { FAKE_COORDINATOR_ID, FAKE_ENROLL_TOKEN, FakeSocketServer, answerAuth, registered } from './testing/fake-coordinator';

const log: Log = { info: () => {}, warn: () => {}, round: () => {} };

/** Answers authentications with the next scripted reply (the last one repeats), checking signatures. */
async function serverWith(replies: Array<(req: RegisterRequest) => Ack<RegisterReply>>) {
  const srv = new FakeSocketServer();
  const seen: RegisterRequest[] = [];
  srv.io.on('connection', (s) => {
    answerAuth(s, (req) => replies[Math.min(seen.length - 1, replies.length - 1)](req), seen);
    s.on('model:fetch', () => {
      /* never acknowledged */
    });
  });
  const url = await srv.listen();
  return { io: srv.io, url, seen, close: () => srv.close() };
}

const ok = (id: string): ((req: RegisterRequest) => Ack<RegisterReply>) => () => registered(id);
const refuse = (code: string) => (): Ack<RegisterReply> => ({ ok: false, error: { code: code as ErrorCode, message: 'refused' } });
const registration = { name: 'c', dataset: { name: 'mnist', numExamples: 10 }, backend: 'cpu' as const };

describe(Connection.name, () => {
  let conn: Connection | null = null;
  afterEach(() => conn?.close());

  it('enrolls once with the token and a signed challenge, then re-authenticates with its client id only', async () => {
    const srv = await serverWith([ok('a')]);
    const identity = ephemeralIdentity();
    const enrolled: string[] = [];
    conn = new Connection({ url: srv.url, registration, identity, enrollToken: FAKE_ENROLL_TOKEN, log, reconnectionDelay: 20, reconnectionDelayMax: 50, onEnrolled: (i) => enrolled.push(i.enrollment!.clientId) });
    conn.start();
    await conn.whenRegistered(5000);
    expect(conn.maxChunkBytes).toBe(1024);
    const packageVersion = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
    expect(srv.seen[0]).toMatchObject({ protocolVersion: 4, clientVersion: packageVersion, name: 'c', enrollmentToken: FAKE_ENROLL_TOKEN });
    expect(packageVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(srv.seen[0].clientId).toBeUndefined();
    expect(identity.enrollment).toEqual({ clientId: 'a', coordinatorId: FAKE_COORDINATOR_ID });
    expect(enrolled).toEqual(['a']);
    srv.io.disconnectSockets(true);
    await new Promise<void>((resolve) => conn!.onRegistered(() => resolve()));
    expect(srv.seen[1]).toMatchObject({ clientId: 'a' });
    expect(srv.seen[1].enrollmentToken).toBeUndefined();
    expect(Buffer.from(srv.seen[1].signature).equals(Buffer.from(srv.seen[0].signature))).toBe(false);
    await expect(conn.request('model:fetch', { hash: 'h', index: 0 }, 100)).rejects.toMatchObject({ code: 'TIMEOUT' });
    await srv.close();
  });

  it('re-authenticates on the same socket before its bulk credential runs out', async () => {
    const srv = await serverWith([() => registered('a', { bulkCredentialTtlMs: 200 })]);
    const identity = ephemeralIdentity();
    conn = new Connection({ url: srv.url, registration, identity, enrollToken: FAKE_ENROLL_TOKEN, log });
    const registrations: boolean[] = [];
    conn.onRegistered((first) => registrations.push(first));
    conn.start();
    await conn.whenRegistered(5000);
    const deadline = Date.now() + 5000;
    while (srv.seen.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(srv.seen.slice(1).map((r) => r.clientId)).toEqual(['a', 'a']);
    expect(registrations).toEqual([true]); // a refresh is not a new registration
    expect(conn.isRegistered).toBe(true);
    await srv.close();
  });

  it('fails with ENROLLMENT before registering when it is neither enrolled nor has a token', async () => {
    const srv = await serverWith([ok('a')]);
    const fatal = new Promise<ClientError>((resolve) => {
      conn = new Connection({ url: srv.url, registration, identity: ephemeralIdentity(), log, onFatal: resolve });
    });
    conn!.start();
    await expect(fatal).resolves.toMatchObject({ code: 'ENROLLMENT' });
    expect(srv.seen).toHaveLength(0);
    await srv.close();
  });

  it('retries after RATE_LIMITED; gives up for good on CLIENT_REVOKED', async () => {
    const srv = await serverWith([refuse(ErrorCode.RateLimited), ok('a'), refuse(ErrorCode.ClientRevoked)]);
    const fatal = new Promise<ClientError>((resolve) => {
      conn = new Connection({ url: srv.url, registration, identity: ephemeralIdentity(), enrollToken: FAKE_ENROLL_TOKEN, log, reconnectionDelay: 20, reconnectionDelayMax: 50, onFatal: resolve });
    });
    conn!.start();
    await conn!.whenRegistered(5000);
    srv.io.disconnectSockets(true);
    await expect(fatal).resolves.toMatchObject({ code: ErrorCode.ClientRevoked });
    expect(conn!.isRegistered).toBe(false);
    await expect(conn!.request('model:fetch', { hash: 'h', index: 0 }, 100)).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await srv.close();
  });

  it('gives up for good on a refusal it cannot fix (protocol version)', async () => {
    const srv = await serverWith([refuse('PROTOCOL_VERSION')]);
    const fatal = new Promise<ClientError>((resolve) => {
      conn = new Connection({ url: srv.url, registration, identity: ephemeralIdentity(), enrollToken: FAKE_ENROLL_TOKEN, log, onFatal: resolve });
    });
    conn!.start();
    await expect(fatal).resolves.toMatchObject({ code: 'PROTOCOL_VERSION' });
    expect(conn!.isRegistered).toBe(false);
    await srv.close();
  });

  it('rejects a pending request with DISCONNECTED as soon as the socket drops', async () => {
    const srv = await serverWith([ok('a')]);
    conn = new Connection({ url: srv.url, registration, identity: ephemeralIdentity(), enrollToken: FAKE_ENROLL_TOKEN, log, reconnectionDelay: 20 });
    conn.start();
    await conn.whenRegistered(5000);
    const pending = conn.request('model:fetch', { hash: 'h', index: 0 }, 10_000);
    setTimeout(() => srv.io.disconnectSockets(true), 20);
    await expect(pending).rejects.toMatchObject({ code: 'DISCONNECTED' });
    await srv.close();
  });
});
