import { EventEmitter } from 'node:events';
import { Counter } from '../common/counter';
import { releaseOnce } from './bulk-limits';

describe('bulk limits', () => {
  it('Counter admits up to its ceiling per key and frees a place on release', () => {
    const c = new Counter(2);
    expect([c.take('a'), c.take('a'), c.take('a'), c.take('b')]).toEqual([true, true, false, true]);
    c.release('a');
    expect(c.take('a')).toBe(true);
    expect(c.count('a')).toBe(2);
    c.release('b');
    expect(c.size).toBe(1);
  });

  it('releaseOnce releases exactly once, on close or on the explicit call, whichever comes first', () => {
    const c = new Counter(1);
    const e = new EventEmitter();
    c.take('t');
    const release = releaseOnce(e, () => c.release('t'));
    release();
    c.take('t');
    e.emit('close');
    expect(c.count('t')).toBe(1);
  });
});
