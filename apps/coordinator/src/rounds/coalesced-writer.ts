/**
 * @module rounds/coalesced-writer
 * Runs a write per key at most once at a time: a request while a write is in
 * flight marks the key dirty and one more write follows, so frequent changes
 * (every phase change, every accepted message) cost at most two writes in a
 * row. `flush(key)` resolves once everything requested so far is written.
 */
export class CoalescedWriter {
  private readonly inflight = new Map<string, { dirty: boolean; done: Promise<void> }>();

  constructor(private readonly onError: (key: string, e: Error) => void) {}

  request(key: string, write: () => Promise<void>): Promise<void> {
    const cur = this.inflight.get(key);
    if (cur) {
      cur.dirty = true;
      return cur.done;
    }
    const entry = { dirty: false, done: Promise.resolve() };
    entry.done = (async () => {
      do {
        entry.dirty = false;
        await write().catch((e: Error) => this.onError(key, e));
      } while (entry.dirty);
      this.inflight.delete(key);
    })();
    this.inflight.set(key, entry);
    return entry.done;
  }

  flush(key: string): Promise<void> {
    return this.inflight.get(key)?.done ?? Promise.resolve();
  }
}
