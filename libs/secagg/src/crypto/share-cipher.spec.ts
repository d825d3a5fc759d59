/**
 * Share ciphertexts: round trip, byte-identical to tweetnacl's secretbox both
 * ways (the @noble/ciphers implementation changes no byte on the wire), and the
 * recipient refuses anything bound to another run, round, sender, recipient or
 * point, or tampered with.
 */
import { randomBytes } from 'node:crypto';
import nacl from 'tweetnacl';
import { toHex } from '../util/bytes';
import { openShares, sealShares, type ShareEnvelope } from './share-cipher';
import { shamirSplit } from './shamir';

describe(sealShares.name, () => {
  const key = nacl.randomBytes(32);
  const [s] = shamirSplit(nacl.randomBytes(32), 2, [7, 8]);
  const [b] = shamirSplit(nacl.randomBytes(32), 2, [7, 8]);
  const env: ShareEnvelope = { runId: 'job-1/a0', round: 3, sender: 'alice', recipient: 'bob', sShare: s, bShare: b };
  const expect0 = { runId: 'job-1/a0', round: 3, sender: 'alice', recipient: 'bob', x: 7 };

  it('round-trips both shares', () => {
    const out = openShares(key, sealShares(key, env), expect0);
    expect(toHex(out.sShare.y)).toBe(toHex(s.y));
    expect(toHex(out.bShare.y)).toBe(toHex(b.y));
  });

  it('is nacl.secretbox: the same box for the same nonce, and each side opens the other', () => {
    const nonce = nacl.randomBytes(24);
    const sealed = sealShares(key, env, () => nonce.slice());
    expect(sealed.nonce).toHaveLength(24);
    const plain = nacl.secretbox.open(sealed.box, nonce, key);
    expect(plain).not.toBeNull();
    expect(toHex(nacl.secretbox(plain!, nonce, key))).toBe(toHex(sealed.box));
    const out = openShares(key, { nonce, box: nacl.secretbox(plain!, nonce, key) }, expect0);
    expect(toHex(out.sShare.y)).toBe(toHex(s.y));
    expect(toHex(out.bShare.y)).toBe(toHex(b.y));
  });

  it('opens Buffers made by node:crypto or a socket (another realm under Jest) and subarray views alike', () => {
    const sealed = sealShares(key, env);
    /** A Buffer allocated by node:crypto itself, holding `bytes`. */
    const nodeBuffer = (bytes: Uint8Array): Buffer => {
      const out = randomBytes(bytes.length);
      out.set(bytes);
      return out;
    };
    const framed = new Uint8Array(sealed.box.length + 3);
    framed.set(sealed.box, 3);
    for (const box of [nodeBuffer(sealed.box), nodeBuffer(framed).subarray(3), framed.subarray(3)]) {
      expect(toHex(openShares(nodeBuffer(key), { nonce: nodeBuffer(sealed.nonce), box }, expect0).bShare.y)).toBe(toHex(b.y));
    }
  });

  it('uses a fresh random nonce per ciphertext', () => {
    expect(toHex(sealShares(key, env).nonce)).not.toBe(toHex(sealShares(key, env).nonce));
  });

  it('refuses ciphertexts bound elsewhere or tampered with', () => {
    const sealed = sealShares(key, env);
    const wrong = [
      { ...expect0, runId: 'job-2/a0' },
      { ...expect0, round: 4 },
      { ...expect0, sender: 'carol' },
      { ...expect0, recipient: 'carol' },
      { ...expect0, x: 8 },
    ];
    for (const w of wrong) expect(() => openShares(key, sealed, w)).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    const box = sealed.box.slice();
    box[box.length - 1] ^= 1;
    expect(() => openShares(key, { nonce: sealed.nonce, box }, expect0)).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    expect(() => openShares(nacl.randomBytes(32), sealed, expect0)).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    expect(() => openShares(key, { nonce: sealed.nonce.subarray(1), box: sealed.box }, expect0)).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    for (const short of [new Uint8Array(0), sealed.box.subarray(0, 15), sealed.box.subarray(0, 16)]) {
      expect(() => openShares(key, { nonce: sealed.nonce, box: short }, expect0)).toThrow(expect.objectContaining({ code: 'DECRYPT_FAILED' }));
    }
  });
});
