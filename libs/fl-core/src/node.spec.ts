import { createHash } from 'node:crypto';
import { modelHash } from './node';

describe('modelHash', () => {
  it('is the first 256 bits of BLAKE2b-512 (RFC 7693 "abc" vector)', () => {
    // RFC 7693 Appendix A: BLAKE2b-512("abc") begins ba80a53f981c4d0d6a2797b69f12f6e9…
    expect(modelHash(new TextEncoder().encode('abc'))).toBe(
      'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1',
    );
  });

  it('differs from SHA-256 and changes with one flipped bit', () => {
    const a = new Uint8Array(1024);
    const b = a.slice();
    b[512] ^= 1;
    expect(modelHash(a)).not.toBe(createHash('sha256').update(a).digest('hex'));
    expect(modelHash(a)).not.toBe(modelHash(b));
  });
});
