/**
 * @module common/loop-turns
 * Spreads heavy synchronous steps over event-loop iterations: `turn()`
 * resolves in a later iteration than the one it is called in, and lets one
 * caller go per iteration, first come first served. What a caller does right
 * after its turn (say, writing a 4 MB model chunk to one client's socket)
 * therefore runs in its own macrotask, with timers and I/O of other sockets
 * served in between, instead of ten such writes in one long tick. An idle
 * loop passes a turn in microseconds (two `setImmediate` hops).
 */
export class LoopTurns {
  private readonly waiting: Array<() => void> = [];
  private running = false;

  /** Resolves in a later event-loop iteration; at most one caller per iteration. */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (this.running) return;
      this.running = true;
      setImmediate(this.hop);
    });
  }

  /** The first hop only leaves the current iteration (an immediate queued in a check phase runs in the next one). */
  private readonly hop = (): void => {
    setImmediate(this.release);
  };

  private readonly release = (): void => {
    this.waiting.shift()?.();
    if (this.waiting.length) setImmediate(this.release);
    else this.running = false;
  };
}
