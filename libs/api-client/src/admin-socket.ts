/**
 * @module admin-socket
 * Live updates over socket.io's `/admin` namespace: `admin:job` (a job's
 * summary and latest attempt on every change, @fl/protocol messages/admin;
 * fold it into a view with `applyJobUpdate`) and `admin:clients` (the full
 * client list). The
 * handshake carries `auth: { token }`. socket.io's Manager reconnects after
 * a lost transport by itself; this helper also retries (with backoff) when
 * the coordinator refuses the handshake or disconnects the socket, which
 * socket.io leaves to the application. Every event carries the current state, so
 * nothing is lost across a reconnect: the coordinator sends the current
 * state to each new connection (a job's history is read over REST).
 */
import { io, type Socket } from 'socket.io-client';
import { ADMIN_NAMESPACE, Events, SOCKET_PATH, type AdminEvaluationUpdate, type AdminJobUpdate, type AdminServerToClientEvents, type ClientView } from '@fl/protocol';

export interface AdminWatchOptions {
  /** Connection refused or dropped by the coordinator (e.g. a bad token); the helper keeps retrying. */
  onError?: (err: Error) => void;
  /** Each successful (re)connection. */
  onConnect?: () => void;
  /** A centralized evaluation was recorded (`admin:evaluation`). */
  onEvaluation?: (e: AdminEvaluationUpdate) => void;
  /** The connection was lost (coordinator restart, network); reconnection follows by itself. */
  onDisconnect?: (reason: string) => void;
  /** First retry delay after a refusal, doubled up to `maxRetryMs` (default 1000 / 30 000). */
  retryMs?: number;
  maxRetryMs?: number;
}

/** Stops watching and closes the socket. */
export type CloseFn = () => void;

export function watchAdmin(
  baseUrl: string,
  token: string | undefined,
  onJob: (update: AdminJobUpdate) => void,
  onClients?: (clients: ClientView[]) => void,
  o: AdminWatchOptions = {},
): CloseFn {
  const socket: Socket<AdminServerToClientEvents> = io(baseUrl.replace(/\/+$/, '') + ADMIN_NAMESPACE, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    // A function, so every reconnection sends it again.
    auth: (cb) => cb(token ? { token } : {}),
  });
  const first = o.retryMs ?? 1000;
  let delay = first;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const retry = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      if (!closed && !socket.connected) socket.connect();
    }, delay);
    delay = Math.min(delay * 2, o.maxRetryMs ?? 30_000);
  };

  socket.on('connect', () => {
    delay = first;
    o.onConnect?.();
  });
  socket.on('connect_error', (err) => {
    o.onError?.(err);
    // `active` is false when the server refused the handshake: socket.io does not retry that by itself.
    if (!socket.active) retry();
  });
  socket.on('disconnect', (reason) => {
    if (!closed) o.onDisconnect?.(reason);
    if (reason === 'io server disconnect') {
      o.onError?.(new Error('the coordinator closed the admin connection'));
      retry();
    }
  });
  socket.on(Events.AdminJob, (msg) => onJob(msg));
  if (onClients) socket.on(Events.AdminClients, (msg) => onClients(msg.clients));
  if (o.onEvaluation) socket.on(Events.AdminEvaluation, o.onEvaluation);

  return () => {
    closed = true;
    if (timer) clearTimeout(timer);
    socket.close();
  };
}
