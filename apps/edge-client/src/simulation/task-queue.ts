/**
 * @module simulation/task-queue
 * The order in which the training threads take the virtual clients' tasks:
 * earliest deadline first (Liu & Layland, JACM 1973), ties in arrival order.
 * A round's tasks all share one deadline, so within a round this is FIFO;
 * across rounds and jobs (an evaluation task due soon behind a long training
 * backlog) the task that would miss its deadline first runs first. Tasks
 * whose deadline passed while they waited are handed back, never run: their
 * round has dropped them already.
 */

interface Entry<T> {
  item: T;
  deadline: number;
  seq: number;
}

export class TaskQueue<T> {
  private entries: Entry<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.entries.length;
  }

  push(item: T, deadline: number): void {
    this.entries.push({ item, deadline, seq: this.seq++ });
  }

  /** Takes `item` out (it was cancelled while waiting); false when it is not queued. */
  remove(item: T): boolean {
    const i = this.entries.findIndex((e) => e.item === item);
    if (i < 0) return false;
    this.entries.splice(i, 1);
    return true;
  }

  /**
   * The next task to run at time `now` (earliest deadline, then earliest
   * arrival), and the tasks whose deadline is past, removed from the queue.
   */
  take(now: number): { next: T | null; expired: T[] } {
    const expired: T[] = [];
    let best = -1;
    for (let i = 0; i < this.entries.length; ) {
      const e = this.entries[i];
      if (e.deadline <= now) {
        expired.push(e.item);
        this.entries.splice(i, 1);
        continue;
      }
      const b = best < 0 ? null : this.entries[best];
      if (!b || e.deadline < b.deadline || (e.deadline === b.deadline && e.seq < b.seq)) best = i;
      i++;
    }
    if (best < 0) return { next: null, expired };
    const [chosen] = this.entries.splice(best, 1);
    return { next: chosen.item, expired };
  }
}
