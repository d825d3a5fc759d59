/**
 * @module metrics/socket-traffic
 * Wire bytes of the edge clients' socket.io connections, read from each
 * connection's `net.Socket` counters (`bytesRead`/`bytesWritten`) when
 * Prometheus scrapes: nothing is added to the message path. A connection
 * that closes adds its final counts to the running totals.
 */
import { Injectable } from '@nestjs/common';

/** The part of a `net.Socket` read here. */
export interface CountedConnection {
  readonly bytesRead: number;
  readonly bytesWritten: number;
  once(event: 'close', listener: () => void): unknown;
}

@Injectable()
export class SocketTraffic {
  private readonly live = new Set<CountedConnection>();
  private closedReceived = 0;
  private closedSent = 0;

  /** Counts a connection's bytes from now until it closes (a second call for the same one is a no-op). */
  track(conn: CountedConnection | undefined): void {
    if (!conn || this.live.has(conn)) return;
    this.live.add(conn);
    conn.once('close', () => {
      this.live.delete(conn);
      this.closedReceived += conn.bytesRead;
      this.closedSent += conn.bytesWritten;
    });
  }

  totals(): { received: number; sent: number } {
    let received = this.closedReceived;
    let sent = this.closedSent;
    for (const c of this.live) {
      received += c.bytesRead;
      sent += c.bytesWritten;
    }
    return { received, sent };
  }
}
