/**
 * `nodeSigningKeyPair` against tweetnacl: the pair it draws is a valid
 * Ed25519 pair in tweetnacl's layout (the public key is the seed's, as
 * tweetnacl derives it), signs and verifies both ways, and pairs differ.
 */
import nacl from 'tweetnacl';
import { nodeSign, nodeSigningKeyPair, nodeVerify } from './ed25519-node';

describe(nodeSigningKeyPair.name, () => {
  it('draws a tweetnacl-layout pair whose public key is the seed\'s; it signs and verifies with tweetnacl and node alike', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const pair = nodeSigningKeyPair();
      expect(pair.secretKey).toHaveLength(64);
      expect(pair.publicKey).toHaveLength(32);
      const reference = nacl.sign.keyPair.fromSeed(pair.secretKey.subarray(0, 32));
      expect(Buffer.from(pair.publicKey).equals(Buffer.from(reference.publicKey))).toBe(true);
      expect(Buffer.from(pair.secretKey).equals(Buffer.from(reference.secretKey))).toBe(true);
      const msg = Buffer.from(`message ${i}`);
      expect(nacl.sign.detached.verify(msg, nodeSign(msg, pair.secretKey), pair.publicKey)).toBe(true);
      expect(nodeVerify(msg, nacl.sign.detached(msg, pair.secretKey), pair.publicKey)).toBe(true);
      seen.add(Buffer.from(pair.publicKey).toString('hex'));
    }
    expect(seen.size).toBe(50);
  });
});
