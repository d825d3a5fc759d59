import nacl from 'tweetnacl';
import { authTranscript } from '@fl/protocol';
import { verifyAuthSignature } from './signature';

describe('verifyAuthSignature', () => {
  const keys = nacl.sign.keyPair();
  const input = { challenge: new Uint8Array(32).fill(3), coordinatorId: 'co_a', issuedAt: 1_000, socketId: 's1', clientId: 'c1', signingKey: keys.publicKey };
  const sig = nacl.sign.detached(authTranscript(input), keys.secretKey);

  it('accepts the signature over exactly this transcript', () => {
    expect(verifyAuthSignature(input, sig)).toBe(true);
  });

  it('refuses any changed field, a flipped bit, and wrong lengths without throwing', () => {
    expect(verifyAuthSignature({ ...input, coordinatorId: 'co_b' }, sig)).toBe(false);
    expect(verifyAuthSignature({ ...input, socketId: 's2' }, sig)).toBe(false);
    expect(verifyAuthSignature({ ...input, issuedAt: 1_001 }, sig)).toBe(false);
    expect(verifyAuthSignature({ ...input, challenge: new Uint8Array(32) }, sig)).toBe(false);
    expect(verifyAuthSignature({ ...input, signingKey: nacl.sign.keyPair().publicKey }, sig)).toBe(false);
    expect(verifyAuthSignature(input, Uint8Array.from(sig, (b, i) => (i === 10 ? b ^ 4 : b)))).toBe(false);
    expect(verifyAuthSignature(input, sig.subarray(0, 63))).toBe(false);
    expect(verifyAuthSignature({ ...input, signingKey: keys.publicKey.subarray(0, 31) }, sig)).toBe(false);
  });
});
