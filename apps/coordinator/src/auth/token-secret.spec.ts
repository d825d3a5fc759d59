import { hashSecret, newSessionId, newTokenSecret, secretMatches, SESSION_PATTERN, tokenIdOf } from './token-secret';

describe('token-secret', () => {
  it('makes a token whose id is recoverable and whose hash matches only itself', () => {
    // Execute
    const t = newTokenSecret();
    // Assert
    expect(t.secret).toMatch(/^flt_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(tokenIdOf(t.secret)).toBe(t.id);
    expect(t.hash).toBe(hashSecret(t.secret));
    expect(secretMatches(t.secret, t.hash)).toBe(true);
    expect(secretMatches(`${t.secret}x`, t.hash)).toBe(false);
    expect(secretMatches(t.secret, 'abc')).toBe(false);
    expect(newTokenSecret().secret).not.toBe(t.secret);
  });

  it('refuses malformed secrets', () => {
    expect(tokenIdOf('flt_abc_short')).toBeNull();
    expect(tokenIdOf('Bearer flt_abc_' + 'a'.repeat(43))).toBeNull();
    expect(tokenIdOf('flt_ABC_' + 'a'.repeat(43))).toBeNull();
    expect(tokenIdOf('flt_abc_' + 'a'.repeat(43))).toBe('abc');
  });

  it('hashes the known SHA-256 vector', () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('makes 32-byte session ids', () => {
    expect(newSessionId()).toMatch(SESSION_PATTERN);
  });
});
