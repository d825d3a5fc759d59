/**
 * X25519 (RFC 7748 §6.1) on tweetnacl and node:crypto: the known answer, raw
 * output distinct from `nacl.box.before`, interoperability, and the guards.
 */
import nacl from 'tweetnacl';
import { nodeX25519, nodeX25519PublicKey } from '../node/x25519-node';
import { fromHex, toHex } from '../util/bytes';
import { generateX25519KeyPair, naclX25519, naclX25519PublicKey } from './x25519';

const ALICE_SK = fromHex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
const ALICE_PK = '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a';
const BOB_PK = fromHex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
const SHARED = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';

describe('X25519', () => {
  it('reproduces RFC 7748 §6.1 on both backends', () => {
    expect(toHex(naclX25519PublicKey(ALICE_SK))).toBe(ALICE_PK);
    expect(toHex(nodeX25519PublicKey(ALICE_SK))).toBe(ALICE_PK);
    expect(toHex(naclX25519(ALICE_SK, BOB_PK))).toBe(SHARED);
    expect(toHex(nodeX25519(ALICE_SK, BOB_PK))).toBe(SHARED);
  });

  it('returns the raw value, not nacl.box.before (HSalsa20 of it)', () => {
    expect(toHex(nacl.box.before(BOB_PK, ALICE_SK))).not.toBe(SHARED);
  });

  it('agrees across backends on fresh keys', () => {
    const a = generateX25519KeyPair(naclX25519PublicKey);
    const b = generateX25519KeyPair(nodeX25519PublicKey);
    expect(toHex(nodeX25519PublicKey(a.secretKey))).toBe(toHex(a.publicKey));
    expect(toHex(naclX25519(a.secretKey, b.publicKey))).toBe(toHex(nodeX25519(b.secretKey, a.publicKey)));
  });

  it('refuses low-order public keys (all-zero shared secret) and bad lengths', () => {
    const sk = nacl.randomBytes(32);
    const lowOrder = [new Uint8Array(32), Uint8Array.from([1, ...new Array(31).fill(0)])];
    for (const pk of lowOrder) {
      expect(() => naclX25519(sk, pk)).toThrow(expect.objectContaining({ code: 'BAD_KEY' }));
      expect(() => nodeX25519(sk, pk)).toThrow(expect.objectContaining({ code: 'BAD_KEY' }));
    }
    for (const f of [naclX25519, nodeX25519]) {
      expect(() => f(sk, new Uint8Array(31))).toThrow(expect.objectContaining({ code: 'BAD_KEY' }));
      expect(() => f(new Uint8Array(33), BOB_PK)).toThrow(expect.objectContaining({ code: 'BAD_KEY' }));
    }
  });
});
