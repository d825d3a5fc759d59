/**
 * @module gateway/coalescer
 * Per-key throttle with a leading and a trailing edge (the admin gateway's
 * `admin:job` / `admin:clients` coalescing, docs/performance.md): a key quiet
 * for `windowMs` is sent at once; later requests in the window are merged
 * into one send at its end, and that send is always the LATEST request's —
 * a window's first request may hold an older snapshot (e.g. the copy a
 * round commit announces just before the job's final change), so keeping
 * it would drop the final state.
 */
interface Slot {
  last: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** The newest send requested while the timer runs. */
  pending: (() => void) | null;
}

export class Coalescer {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `send` now if `key` was quiet for the window, else the newest such `send` once at the end of the window. */
  request(key: string, send: () => void): void {
    const s = this.slots.get(key) ?? { last: Number.NEGATIVE_INFINITY, timer: null, pending: null };
    this.slots.set(key, s);
    if (s.timer) {
      s.pending = send;
      return;
    }
    const wait = s.last + this.windowMs - this.now();
    if (wait <= 0) {
      s.last = this.now();
      send();
      return;
    }
    s.pending = send;
    s.timer = setTimeout(() => {
      const run = s.pending;
      s.timer = null;
      s.pending = null;
      s.last = this.now();
      run?.();
    }, wait);
  }

  /** Cancels every pending send. */
  close(): void {
    for (const s of this.slots.values()) if (s.timer) clearTimeout(s.timer);
    this.slots.clear();
  }
}
