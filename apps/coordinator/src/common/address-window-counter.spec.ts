import { AddressWindowCounter } from './address-window-counter';

describe(AddressWindowCounter.name, () => {
  it('allows limit attempts per address and window, then refuses until the window ends', () => {
    const l = new AddressWindowCounter(6, 60_000);
    for (let i = 0; i < 6; i++) expect(l.take('a', 0)).toBe(true);
    expect(l.take('a', 0)).toBe(false);
    expect(l.take('b', 0)).toBe(true); // each address has its own budget
    expect(l.take('a', 59_999)).toBe(false);
    expect(l.count('a', 59_999)).toBe(6); // refused attempts are not counted
    for (let i = 0; i < 6; i++) expect(l.take('a', 60_000)).toBe(true);
    expect(l.take('a', 60_000)).toBe(false);
  });

  it('counts hits and reports an address blocked at the limit', () => {
    const l = new AddressWindowCounter(3, 1000);
    expect(l.blocked('x', 0)).toBe(false);
    expect([l.hit('x', 0), l.hit('x', 10), l.hit('x', 20)]).toEqual([1, 2, 3]);
    expect(l.blocked('x', 999)).toBe(true);
    expect(l.hit('x', 999)).toBe(4); // hit always counts (failures past the limit)
    expect(l.blocked('x', 1000)).toBe(false);
    expect(l.count('x', 1000)).toBe(0);
    expect(l.hit('x', 1000)).toBe(1);
  });

  it('keeps at most maxAddresses entries, forgetting the least recently touched', () => {
    const l = new AddressWindowCounter(1, 60_000, 3);
    for (let i = 0; i < 100; i++) l.take(`10.0.0.${i}`, 0);
    expect(l.size).toBe(3);
    expect(l.take('10.0.0.99', 0)).toBe(false); // recent ones are still limited
    l.hit('10.0.0.97', 1); // touched: now most recent
    l.hit('new', 2);
    expect(l.count('10.0.0.98', 2)).toBe(0); // the least recently touched was forgotten
    expect(l.count('10.0.0.97', 2)).toBe(2);
  });

  it.each([
    [0, 1000, 10],
    [1.5, 1000, 10],
    [1, 0, 10],
    [1, 1000, 0],
  ])('refuses limit %p, window %p, cap %p', (limit, windowMs, cap) => {
    expect(() => new AddressWindowCounter(limit, windowMs, cap)).toThrow(RangeError);
  });
});
