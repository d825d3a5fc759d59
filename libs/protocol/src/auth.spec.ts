import { authTranscript, enrollmentTokenId, AUTH_DOMAIN } from './auth';

describe('authTranscript', () => {
  const base = { challenge: new Uint8Array(32).fill(7), coordinatorId: 'coord-a', issuedAt: 1_700_000_000_000, socketId: 'sock-1', signingKey: new Uint8Array(32).fill(9) };

  it('starts with the domain and differs whenever any field differs', () => {
    const t = authTranscript({ ...base, clientId: 'c-1' });
    expect(new TextDecoder().decode(t.subarray(0, AUTH_DOMAIN.length))).toBe(AUTH_DOMAIN);
    const variants = [
      authTranscript({ ...base, clientId: 'c-1', coordinatorId: 'coord-b' }),
      authTranscript({ ...base, clientId: 'c-1', issuedAt: base.issuedAt + 1 }),
      authTranscript({ ...base, clientId: 'c-1', socketId: 'sock-2' }),
      authTranscript({ ...base, clientId: 'c-2' }),
      authTranscript({ ...base, clientId: 'c-1', challenge: new Uint8Array(32).fill(8) }),
      authTranscript({ ...base, clientId: 'c-1', signingKey: new Uint8Array(32).fill(1) }),
      authTranscript({ ...base, enrollmentTokenId: 'et_x' }),
      authTranscript({ ...base }),
    ];
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    expect(new Set([t, ...variants].map(hex)).size).toBe(variants.length + 1);
  });

  it('length-prefixes fields, so shifting a character between two fields changes the bytes', () => {
    const a = authTranscript({ ...base, coordinatorId: 'ab', socketId: 'c', clientId: 'x' });
    const b = authTranscript({ ...base, coordinatorId: 'a', socketId: 'bc', clientId: 'x' });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});

describe('enrollmentTokenId', () => {
  it('returns the id of a well-formed secret and null otherwise', () => {
    const id = `et_${'0123456789abcdef'.repeat(2)}`;
    expect(enrollmentTokenId(`${id}.${'A'.repeat(43)}`)).toBe(id);
    expect(enrollmentTokenId(`${id}.${'A'.repeat(42)}`)).toBeNull();
    expect(enrollmentTokenId(`${id}`)).toBeNull();
    expect(enrollmentTokenId(`xx_${'0'.repeat(32)}.${'A'.repeat(43)}`)).toBeNull();
  });
});
