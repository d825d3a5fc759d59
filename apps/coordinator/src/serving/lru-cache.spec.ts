import { LruCache } from './lru-cache';

describe(LruCache.name, () => {
  it('evicts the least recently used entry past the count bound', () => {
    // Prepare
    const c = new LruCache<string>(2, 1000);
    c.add('a', 1);
    c.add('b', 1);
    // Execute
    c.touch('a');
    const evicted = c.add('c', 1);
    // Assert
    expect(evicted).toEqual(['b']);
    expect(c.keys()).toEqual(['a', 'c']);
  });

  it('evicts as many entries as needed past the byte bound, and admits an oversized entry alone', () => {
    const c = new LruCache<string>(10, 100);
    c.add('a', 40);
    c.add('b', 40);
    expect(c.add('c', 50)).toEqual(['a']);
    expect(c.bytes).toBe(90);
    expect(c.add('huge', 500)).toEqual(['b', 'c']);
    expect(c.keys()).toEqual(['huge']);
    expect(c.bytes).toBe(500);
  });

  it('re-adding a key refreshes it without double counting; delete forgets it', () => {
    const c = new LruCache<string>(3, 100);
    c.add('a', 10);
    c.add('a', 20);
    expect(c.size).toBe(1);
    expect(c.bytes).toBe(20);
    expect(c.delete('a')).toBe(true);
    expect(c.bytes).toBe(0);
    expect(c.touch('a')).toBe(false);
  });

  it('refuses non-positive bounds', () => {
    expect(() => new LruCache(0, 1)).toThrow(RangeError);
  });
});
