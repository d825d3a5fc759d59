/**
 * @module simulation/fleet
 * Brings the virtual clients online: at most `concurrency` of them are
 * authenticating at any time (each handshake costs the coordinator a
 * signature check, and the first one an enrollment), the next one starts as
 * soon as one registers or is refused for good. Afterwards every client
 * reconnects by itself, like a real one (`Connection`); the fleet only counts
 * how many are registered.
 */
import type { ClientError } from '../errors';
import type { VirtualClient } from './virtual-client';

export interface FleetCounts {
  clients: number;
  /** Registered right now. */
  connected: number;
  /** Refused for good (they stopped). */
  refused: number;
}

export class Fleet {
  private connectedNow = 0;
  private refusedCount = 0;
  private readonly firstDone = new Set<VirtualClient>();
  private wake: (() => void) | null = null;

  constructor(
    readonly clients: readonly VirtualClient[],
    private readonly concurrency: number,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer (got ${concurrency})`);
    for (const c of clients) {
      c.connection.onRegistered(() => {
        this.connectedNow++;
        this.settled(c);
      });
      c.connection.onLost(() => this.connectedNow--);
    }
  }

  /** To be called from each client's `onFatal`. */
  refused(c: VirtualClient, _err: ClientError): void {
    this.refusedCount++;
    this.settled(c);
  }

  get counts(): FleetCounts {
    return { clients: this.clients.length, connected: this.connectedNow, refused: this.refusedCount };
  }

  /** Starts every client, `concurrency` handshakes at a time; resolves once each has registered or been refused. */
  async connect(): Promise<void> {
    let next = 0;
    while (this.firstDone.size < this.clients.length) {
      while (next < this.clients.length && next - this.firstDone.size < this.concurrency) this.clients[next++].start();
      await new Promise<void>((r) => (this.wake = r));
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.stop()));
  }

  private settled(c: VirtualClient): void {
    if (this.firstDone.has(c)) return;
    this.firstDone.add(c);
    const w = this.wake;
    this.wake = null;
    w?.();
  }
}
