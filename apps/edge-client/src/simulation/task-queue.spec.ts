import { TaskQueue } from './task-queue';

describe(TaskQueue.name, () => {
  it('hands out the earliest deadline first, ties in arrival order', () => {
    // Prepare
    const q = new TaskQueue<string>();
    q.push('late', 300);
    q.push('a', 100);
    q.push('b', 100);
    q.push('mid', 200);

    // Execute
    const order = [q.take(0).next, q.take(0).next, q.take(0).next, q.take(0).next, q.take(0).next];

    // Assert
    expect(order).toEqual(['a', 'b', 'mid', 'late', null]);
    expect(q.size).toBe(0);
  });

  it('returns tasks whose deadline passed instead of running them', () => {
    const q = new TaskQueue<string>();
    q.push('stale1', 50);
    q.push('fresh', 500);
    q.push('stale2', 100);

    const r = q.take(100);

    expect(r.next).toBe('fresh');
    expect(r.expired).toEqual(['stale1', 'stale2']);
    expect(q.take(100)).toEqual({ next: null, expired: [] });
  });

  it('removes a cancelled task so it never runs', () => {
    const q = new TaskQueue<{ id: number }>();
    const a = { id: 1 };
    const b = { id: 2 };
    q.push(a, 100);
    q.push(b, 100);

    expect(q.remove(a)).toBe(true);
    expect(q.remove(a)).toBe(false);
    expect(q.take(0).next).toBe(b);
  });
});
