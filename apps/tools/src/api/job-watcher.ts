/**
 * @module api/job-watcher
 * Follows one job until it ends: subscribes to the coordinator's admin
 * namespace with the API's token (`admin:job` carries the full JobView on every change) and also
 * polls `GET /api/jobs/:id` every `pollMs` as a safety net, so a missed event
 * or a dead socket never hangs a tool. Every distinct view is passed to
 * `onView`; resolves with the final view (completed, failed or stopped).
 */
import { io } from 'socket.io-client';
import { ADMIN_NAMESPACE, JobStatus, SOCKET_PATH, type AdminServerToClientEvents, type JobView } from '@fl/protocol';
import type { Socket } from 'socket.io-client';
import type { CoordinatorApi } from './rest';

export const TERMINAL: readonly string[] = [JobStatus.Completed, JobStatus.Failed, JobStatus.Stopped];

export interface WatchOptions {
  pollMs?: number;
  /** Give up (reject with code WATCH_TIMEOUT) after this long. */
  timeoutMs?: number;
}

export function watchJob(api: CoordinatorApi, jobId: string, onView: (v: JobView) => void, o: WatchOptions = {}): Promise<JobView> {
  const socket: Socket<AdminServerToClientEvents> = io(api.baseUrl + ADMIN_NAMESPACE, { path: SOCKET_PATH, transports: ['websocket'], auth: { token: api.token } });
  let lastKey = '';
  return new Promise<JobView>((resolve, reject) => {
    let finished = false;
    const finish = (err: Error | null, v?: JobView) => {
      if (finished) return;
      finished = true;
      clearInterval(poll);
      clearTimeout(timer);
      socket.close();
      if (err) reject(err);
      else resolve(v!);
    };
    const see = (v: JobView) => {
      if (finished || v?.id !== jobId) return;
      const key = JSON.stringify([v.status, v.currentRound, v.completedRounds, v.rounds.map((r) => [r.phase, r.attempt, r.participants.length])]);
      if (key !== lastKey) {
        lastKey = key;
        onView(v);
      }
      if (TERMINAL.includes(v.status)) finish(null, v);
    };
    socket.on('admin:job', (msg) => see(msg.job));
    const poll = setInterval(() => api.getJob(jobId).then(see, () => undefined), o.pollMs ?? 2000);
    const timer = setTimeout(
      () => finish(Object.assign(new Error(`job ${jobId} did not finish within ${(o.timeoutMs ?? 0) / 1000} s`), { code: 'WATCH_TIMEOUT' })),
      o.timeoutMs ?? 2 ** 31 - 1,
    );
    api.getJob(jobId).then(see, (e) => finish(e as Error));
  });
}

/** Polls `GET /api/clients` until `count` connected clients hold `dataset`. */
export async function waitForClients(api: CoordinatorApi, dataset: string, count: number, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const n = (await api.listClients().catch(() => [])).filter((c) => c.connected && c.dataset === dataset).length;
    if (n >= count) return n;
    if (Date.now() - t0 > timeoutMs) {
      throw Object.assign(new Error(`only ${n} of ${count} clients with dataset "${dataset}" connected within ${timeoutMs / 1000} s`), { code: 'CLIENTS_TIMEOUT' });
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
