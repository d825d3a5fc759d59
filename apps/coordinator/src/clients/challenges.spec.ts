import { CHALLENGE_TTL_MS, ErrorCode } from '@fl/protocol';
import { Challenges } from './challenges';

describe(Challenges.name, () => {
  it('issues 32 random bytes per socket, taken once', () => {
    const c = new Challenges();
    const a = c.issue('s1', 1000);
    const b = c.issue('s2', 1000);
    expect(a.challenge).toHaveLength(32);
    expect(Buffer.from(a.challenge).equals(Buffer.from(b.challenge))).toBe(false);
    expect(c.take('s1', 1000)).toBe(a);
    expect(() => c.take('s1', 1000)).toThrow(expect.objectContaining({ code: ErrorCode.BadChallenge }));
  });

  it('refuses an expired challenge, and one never asked for', () => {
    const c = new Challenges();
    c.issue('s1', 0);
    expect(() => c.take('s1', CHALLENGE_TTL_MS + 1)).toThrow(expect.objectContaining({ code: ErrorCode.BadChallenge, message: expect.stringContaining('expired') }));
    expect(() => c.take('never', 0)).toThrow(expect.objectContaining({ code: ErrorCode.BadChallenge }));
  });

  it('keeps at most one per socket and forgets a closed socket’s', () => {
    const c = new Challenges();
    c.issue('s1');
    const second = c.issue('s1');
    expect(c.size).toBe(1);
    expect(c.take('s1')).toBe(second);
    c.issue('s2');
    c.drop('s2');
    expect(c.size).toBe(0);
  });
});
