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
import type { Server } from 'node:net';
import type { Socket } from 'node:net';
import { Counter } from './counter';

export interface ConnectionLimits {
  total: number;
  perAddress: number;
}

/** Applies `limits` to `server`; `refused(address)` hears of every connection closed for the per-address cap. */
export function limitConnections(server: Server, limits: ConnectionLimits, refused?: (address: string) => void): void {
  server.maxConnections = limits.total;
  const open = new Counter(limits.perAddress);
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    if (!open.take(address)) {
      refused?.(address);
      socket.destroy();
      return;
    }
    socket.once('close', () => open.release(address));
  });
}
