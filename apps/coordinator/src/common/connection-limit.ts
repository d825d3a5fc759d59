/**
 * @module common/connection-limit
 * Caps the TCP connections a listening server holds, before any byte is
 * read: at most `total` in all (`server.maxConnections`) and `perAddress`
 * from one remote IP address; over either, the new connection is closed at
 * once. Each count is released when its connection closes, however it ends.
 * Used by the main HTTP/socket.io port and the bulk channel, so an
 * unauthenticated sender cannot make the coordinator hold an unbounded number
 * of sockets (each one lives until it authenticates or its auth timeout).
 */
import type { Server, Socket } from 'node:net';
import { Counter } from './counter';

export interface ConnectionLimits {
  total: number;
  perAddress: number;
}

/**
 * Connections closed for the per-address cap, summed: `report(count, lastAddress)`
 * at most once per `everyMs` and only when there were some, so a flood of
 * refusals makes one line a period, not one per connection.
 */
export interface RefusalReport {
  everyMs: number;
  report(count: number, lastAddress: string): void;
}

/** Applies `limits` to `server`, with an optional summary of the refusals (stopped when the server closes). */
export function limitConnections(server: Server, limits: ConnectionLimits, refusals?: RefusalReport): void {
  server.maxConnections = limits.total;
  const open = new Counter(limits.perAddress);
  let refused = 0;
  let last = '';
  if (refusals) {
    const timer = setInterval(() => {
      if (refused === 0) return;
      refusals.report(refused, last);
      refused = 0;
    }, refusals.everyMs);
    timer.unref();
    server.once('close', () => clearInterval(timer));
  }
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    if (!open.take(address)) {
      refused++;
      last = address;
      socket.destroy();
      return;
    }
    socket.once('close', () => open.release(address));
  });
}
