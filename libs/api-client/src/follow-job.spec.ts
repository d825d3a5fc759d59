import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { ADMIN_NAMESPACE, Events, jobUpdate, SOCKET_PATH, type JobView } from '@fl/protocol';
import { ApiClient } from './api-client';
import { followJob } from './follow-job';

const view = (status: string, completedRounds: number) => ({ id: 'j1', status, completedRounds, currentRound: completedRounds, rounds: [], config: { rounds: 3 } }) as unknown as JobView;

/** Serves `GET /api/jobs/j1` (the current view) and the `/admin` socket on one real HTTP server. */
async function coordinator() {
  let current = view('running', 0);
  let gets = 0;
  const http = createServer((req, res) => {
    if (req.url === '/api/jobs/j1' && ++gets) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(current));
    else res.writeHead(404).end();
  });
  const io = new Server(http, { path: SOCKET_PATH, transports: ['websocket'] });
  const ns = io.of(ADMIN_NAMESPACE);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    url,
    ns,
    set: (v: JobView) => (current = v),
    gets: () => gets,
    close: () => new Promise<void>((r) => io.close(() => r())),
  };
}

describe(followJob.name, () => {
  it('reads the full view when a socket event moves the job, passes each distinct view on and resolves with the final one', async () => {
    const c = await coordinator();
    const seen: string[] = [];
    const until = async (ok: () => boolean) => {
      while (!ok()) await new Promise((r) => setTimeout(r, 10));
    };
    try {
      const done = followJob(new ApiClient({ baseUrl: c.url }), 'j1', (v) => seen.push(`${v.status}/${v.completedRounds}`), { pollMs: 60_000 });
      await until(() => c.ns.sockets.size > 0 && seen.length === 1);
      c.set(view('running', 1));
      c.ns.emit(Events.AdminJob, jobUpdate(view('running', 1)));
      await until(() => seen.length === 2);
      const gets = c.gets();
      // The same state again, and another job: no read.
      c.ns.emit(Events.AdminJob, jobUpdate(view('running', 1)));
      c.ns.emit(Events.AdminJob, jobUpdate({ ...view('running', 2), id: 'other' }));
      c.set(view('completed', 3));
      c.ns.emit(Events.AdminJob, jobUpdate(view('completed', 3)));
      const final = await done;
      expect(final.status).toBe('completed');
      expect(seen).toEqual(['running/0', 'running/1', 'completed/3']);
      expect(c.gets()).toBe(gets + 1);
    } finally {
      await c.close();
    }
  });

  it('ends by polling when the socket never says anything', async () => {
    const c = await coordinator();
    try {
      const done = followJob(new ApiClient({ baseUrl: c.url }), 'j1', () => undefined, { pollMs: 50 });
      c.set(view('failed', 1));
      await expect(done).resolves.toMatchObject({ status: 'failed' });
    } finally {
      await c.close();
    }
  });

  it('rejects with WATCH_TIMEOUT, and with the API error of an unknown job', async () => {
    const c = await coordinator();
    try {
      const api = new ApiClient({ baseUrl: c.url });
      await expect(followJob(api, 'j1', () => undefined, { timeoutMs: 100 })).rejects.toMatchObject({ code: 'WATCH_TIMEOUT' });
      await expect(followJob(api, 'nope', () => undefined)).rejects.toMatchObject({ status: 404 });
    } finally {
      await c.close();
    }
  });
});
