import { AuthRateLimiter } from './auth-rate-limiter';

describe(AuthRateLimiter.name, () => {
  it('allows a burst of perMinute, then one per 60/perMinute s', () => {
    const l = new AuthRateLimiter(6);
    for (let i = 0; i < 6; i++) expect(l.take('a', 0)).toBe(true);
    expect(l.take('a', 0)).toBe(false);
    expect(l.take('b', 0)).toBe(true);
    expect(l.take('a', 9_999)).toBe(false);
    expect(l.take('a', 10_000)).toBe(true);
    expect(l.take('a', 10_000)).toBe(false);
  });

  it('keeps at most maxAddresses buckets', () => {
    const l = new AuthRateLimiter(1, 3);
    for (let i = 0; i < 100; i++) l.take(`10.0.0.${i}`, 0);
    expect(l.size).toBe(3);
  });
});
