/**
 * @module common/testing/tcp-dial
 * Raw TCP connections for the connection-cap tests (common/connection-limit):
 * dial, and whether the server closed the connection within a time.
 */
import { connect, type Socket } from 'node:net';

export interface Dialled {
  socket: Socket;
  /** Resolves when the connection closes (the server closed it, or it was reset). */
  closed: Promise<void>;
}

/** A TCP connection to 127.0.0.1:`port` from `localAddress`; rejects if it closes before connecting. */
export function dial(port: number, localAddress = '127.0.0.1'): Promise<Dialled> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', () => undefined); // a reset shows up as 'close'
    socket.once('close', () => reject(new Error('closed before connecting')));
  });
}

/** True when the connection closed within `ms` (the timer does not outlive the answer). */
export function closedWithin(c: Pick<Dialled, 'closed'>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
  return Promise.race([c.closed.then(() => true), late]).finally(() => clearTimeout(timer));
}
