import { MODEL_HASH_ALGORITHM } from '@fl/protocol';
import { modelHash } from './node';

describe('modelHash', () => {
  it('is SHA-256 in lower-case hex (FIPS 180-4 "abc" vector)', () => {
    expect(MODEL_HASH_ALGORITHM).toBe('sha256');
    expect(modelHash(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('changes with one flipped bit', () => {
    const a = new Uint8Array(1024);
    const b = a.slice();
    b[512] ^= 1;
    expect(modelHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(modelHash(a)).not.toBe(modelHash(b));
  });
});
