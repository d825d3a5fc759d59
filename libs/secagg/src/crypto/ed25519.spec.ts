/**
 * Ed25519 (RFC 8032 test 1) on tweetnacl and node:crypto, including public-key
 * derivation from the seed; verification fails closed on tampering and
 * malformed input.
 */
import nacl from 'tweetnacl';
import { nodeSign, nodeSigningPublicKey, nodeVerify } from '../node/ed25519-node';
import { fromHex, toHex } from '../util/bytes';
import { generateSigningKeyPair, naclSign, naclSigningPublicKey, naclVerify } from './ed25519';

const SEED = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
const PK = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';

describe('Ed25519', () => {
  it('reproduces RFC 8032 test 1 on both backends', () => {
    const kp = nacl.sign.keyPair.fromSeed(SEED);
    expect(toHex(kp.publicKey)).toBe(PK);
    const empty = new Uint8Array(0);
    for (const sign of [naclSign, nodeSign]) expect(toHex(sign(empty, kp.secretKey)).startsWith('e5564300c360ac72')).toBe(true);
    expect(naclVerify(empty, nodeSign(empty, kp.secretKey), kp.publicKey)).toBe(true);
    expect(nodeVerify(empty, naclSign(empty, kp.secretKey), kp.publicKey)).toBe(true);
  });

  it('derives the public key of a seed on both backends (RFC 8032 test 1), 32-byte seeds only', () => {
    for (const derive of [naclSigningPublicKey, nodeSigningPublicKey]) {
      expect(toHex(derive(SEED))).toBe(PK);
      expect(() => derive(SEED.subarray(0, 31))).toThrow(expect.objectContaining({ code: 'BAD_KEY' }));
    }
    const kp = generateSigningKeyPair();
    expect(toHex(nodeSigningPublicKey(kp.secretKey.subarray(0, 32)))).toBe(toHex(kp.publicKey));
  });

  it('rejects tampered messages, signatures, keys and wrong lengths', () => {
    const kp = generateSigningKeyPair();
    const other = generateSigningKeyPair();
    const msg = nacl.randomBytes(50);
    const sig = nodeSign(msg, kp.secretKey);
    const bad = sig.slice();
    bad[10] ^= 1;
    const msg2 = msg.slice();
    msg2[0] ^= 1;
    for (const verify of [naclVerify, nodeVerify]) {
      expect(verify(msg, sig, kp.publicKey)).toBe(true);
      expect(verify(msg, bad, kp.publicKey)).toBe(false);
      expect(verify(msg2, sig, kp.publicKey)).toBe(false);
      expect(verify(msg, sig, other.publicKey)).toBe(false);
      expect(verify(msg, sig.subarray(0, 63), kp.publicKey)).toBe(false);
      expect(verify(msg, sig, kp.publicKey.subarray(0, 31))).toBe(false);
    }
    expect(() => naclSign(msg, kp.secretKey.subarray(0, 32))).toThrow(expect.objectContaining({ code: 'BAD_KEY' }));
    expect(() => nodeSign(msg, kp.secretKey.subarray(0, 32))).toThrow(expect.objectContaining({ code: 'BAD_KEY' }));
  });
});
