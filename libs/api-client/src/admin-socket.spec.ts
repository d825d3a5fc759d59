import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Namespace } from 'socket.io';
import { ADMIN_NAMESPACE, Events, jobUpdate, SOCKET_PATH, type AdminEvaluationUpdate, type AdminJobUpdate, type ClientView, type JobView } from '@fl/protocol';
import { watchAdmin } from './admin-socket';

const job = (id: string, status = 'running') => jobUpdate({ id, status, rounds: [] } as unknown as JobView);

/** A real socket.io server with an `/admin` namespace that checks `auth.token` like the coordinator will. */
async function adminServer(accept: (token: unknown) => boolean) {
  const http: HttpServer = createServer();
  const io = new Server(http, { path: SOCKET_PATH, transports: ['websocket'] });
  const ns: Namespace = io.of(ADMIN_NAMESPACE);
  const tokens: unknown[] = [];
  ns.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    tokens.push(token);
    next(accept(token) ? undefined : Object.assign(new Error('UNAUTHORIZED'), { data: { code: 'UNAUTHORIZED' } }));
  });
  ns.on('connection', (s) => {
    s.emit(Events.AdminClients, { clients: [{ id: 'c1' } as ClientView] });
    s.emit(Events.AdminJob, job('j1'));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return { url, ns, tokens, close: () => new Promise<void>((r) => io.close(() => r())) };
}

async function until(pred: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe(watchAdmin.name, () => {
  it('sends the token in the handshake and passes on jobs and client lists', async () => {
    const srv = await adminServer((t) => t === 'good');
    const jobs: AdminJobUpdate[] = [];
    const lists: ClientView[][] = [];
    const evaluations: AdminEvaluationUpdate[] = [];
    const close = watchAdmin(srv.url, 'good', (j) => jobs.push(j), (c) => lists.push(c), { onEvaluation: (e) => evaluations.push(e) });
    try {
      await until(() => jobs.length === 1 && lists.length === 1);
      expect(srv.tokens).toEqual(['good']);
      expect(jobs[0].job.id).toBe('j1');
      expect(lists[0]).toEqual([{ id: 'c1' }]);
      srv.ns.emit(Events.AdminJob, job('j2', 'completed'));
      await until(() => jobs.length === 2);
      expect(jobs[1]).toEqual({ job: { id: 'j2', status: 'completed' }, current: null, attempts: 0 });
      srv.ns.emit(Events.AdminEvaluation, { jobId: 'j2', round: 3 });
      await until(() => evaluations.length === 1);
      expect(evaluations[0]).toEqual({ jobId: 'j2', round: 3 });
    } finally {
      close();
      await srv.close();
    }
  });

  it('reports a refused handshake and keeps retrying until it is let in', async () => {
    let attempts = 0;
    const srv = await adminServer(() => ++attempts >= 3);
    const errors: string[] = [];
    const jobs: AdminJobUpdate[] = [];
    const close = watchAdmin(srv.url, 'tok', (j) => jobs.push(j), undefined, { onError: (e) => errors.push(e.message), retryMs: 20 });
    try {
      await until(() => jobs.length === 1);
      expect(errors).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED']);
      expect(srv.tokens).toEqual(['tok', 'tok', 'tok']);
    } finally {
      close();
      await srv.close();
    }
  });

  it('reconnects after the server disconnects it, and gets the current state again', async () => {
    const srv = await adminServer(() => true);
    const jobs: AdminJobUpdate[] = [];
    let connects = 0;
    const lost: string[] = [];
    const close = watchAdmin(srv.url, undefined, (j) => jobs.push(j), undefined, { onConnect: () => connects++, onDisconnect: (r) => lost.push(r), retryMs: 20 });
    try {
      await until(() => jobs.length === 1);
      srv.ns.disconnectSockets();
      await until(() => jobs.length === 2 && connects === 2);
      expect(srv.tokens).toEqual([undefined, undefined]);
      expect(lost).toEqual(['io server disconnect']);
    } finally {
      close();
      await srv.close();
    }
  });

  it('close() stops it: no more events, no reconnection', async () => {
    const srv = await adminServer(() => true);
    const jobs: AdminJobUpdate[] = [];
    const close = watchAdmin(srv.url, 't', (j) => jobs.push(j), undefined, { retryMs: 10 });
    await until(() => jobs.length === 1);
    close();
    await until(() => srv.ns.sockets.size === 0);
    srv.ns.emit(Events.AdminJob, job('j3'));
    await new Promise((r) => setTimeout(r, 100));
    expect(jobs.map((j) => j.job.id)).toEqual(['j1']);
    expect(srv.tokens.length).toBe(1);
    await srv.close();
  });
});
