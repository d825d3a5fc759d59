/**
 * Share ciphertexts: round trip, and the recipient refuses anything bound to
 * another run, round, sender, recipient or point, or tampered with.
 */
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
  });
});
