/**
 * @module crypto/share-cipher
 * Authenticated encryption of one holder's pair of Shamir shares (Bonawitz et
 * al. round 1: `AE_{KA(c_u^SK, c_v^PK)}(u ‖ v ‖ share_v(s_u^SK) ‖ share_v(b_u))`).
 *
 * NaCl `secretbox` (XSalsa20-Poly1305) under `shareKey(runId, round, lo, hi,
 * X25519 raw)` (crypto/kdf), with a fresh random 24-byte nonce per ciphertext:
 * the u→v and v→u keys are equal. The plaintext names run, round, sender and
 * recipient; the recipient checks all four and the evaluation point, so the
 * server cannot swap, redirect or replay ciphertexts across rounds.
 *
 * The implementation is @noble/ciphers' `xsalsa20poly1305` (audited; output
 * byte-identical to `nacl.secretbox`, tested both ways). A client seals and
 * opens only |N(u)| small boxes per round, so the code runs mostly cold, and
 * there tweetnacl's fully unrolled Salsa20/Poly1305 cost about twice as much
 * CPU, most of it compiling them. The opened plaintext is wiped after parsing.
 */
import { xsalsa20poly1305 } from '@noble/ciphers/salsa';
import { Label, NONCE_BYTES } from '../constants';
import { SecAggError, SecAggErrorCode } from '../errors';
import { fromUtf8, isBytes, lengthPrefixed, readU32le, splitLengthPrefixed } from '../util/bytes';
import { secureRandom, type RandomSource } from './random';
import { SHARE_BYTES, type Share } from './shamir';

export interface ShareEnvelope {
  runId: string;
  round: number;
  sender: string;
  recipient: string;
  /** Share of the sender's s^SK at the recipient's point. */
  sShare: Share;
  /** Share of the sender's b at the same point. */
  bShare: Share;
}

export interface SealedShares {
  nonce: Uint8Array;
  box: Uint8Array;
}

export function sealShares(key: Uint8Array, env: ShareEnvelope, random: RandomSource = secureRandom): SealedShares {
  if (env.sShare.x !== env.bShare.x) throw new SecAggError(SecAggErrorCode.InvalidParams, 'both shares must be at the same point');
  const plain = lengthPrefixed([Label.SharePlaintext, env.runId, env.round, env.sender, env.recipient, env.sShare.x, env.sShare.y, env.bShare.y]);
  const nonce = random(NONCE_BYTES);
  const box = xsalsa20poly1305(plainView(key), plainView(nonce)).encrypt(plain).slice(); // tag ‖ ciphertext, as nacl.secretbox; own buffer
  plain.fill(0);
  return { nonce, box };
}

/** Opens and checks a ciphertext; throws `DECRYPT_FAILED` on any mismatch. */
export function openShares(
  key: Uint8Array,
  sealed: SealedShares,
  expect: { runId: string; round: number; sender: string; recipient: string; x: number },
): { sShare: Share; bShare: Share } {
  const fail = (why: string): never => {
    throw new SecAggError(SecAggErrorCode.DecryptFailed, `share ciphertext from ${expect.sender}: ${why}`, undefined, expect.sender);
  };
  if (!isBytes(sealed.nonce, NONCE_BYTES) || !isBytes(sealed.box)) fail('malformed');
  if (!isBytes(key, 32)) fail('bad key');
  let plain: Uint8Array;
  try {
    plain = xsalsa20poly1305(plainView(key), plainView(sealed.nonce)).decrypt(plainView(sealed.box));
  } catch {
    return fail('authentication failed'); // wrong tag, or a box shorter than the tag
  }
  try {
    return parsePlaintext(plain, expect, fail);
  } finally {
    plain.fill(0);
  }
}

/**
 * A plain Uint8Array of this realm over the same bytes (no copy). @noble/ciphers
 * accepts `instanceof Uint8Array` or a constructor named "Uint8Array": a Buffer
 * (a received box is a view of a socket Buffer) from another realm would fail both.
 */
const plainView = (b: Uint8Array): Uint8Array => (b.constructor === Uint8Array ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength));

function parsePlaintext(
  plain: Uint8Array,
  expect: { runId: string; round: number; sender: string; recipient: string; x: number },
  fail: (why: string) => never,
): { sShare: Share; bShare: Share } {
  let f: Uint8Array[];
  try {
    f = splitLengthPrefixed(plain);
  } catch {
    return fail('malformed plaintext');
  }
  if (f.length !== 8) fail('malformed plaintext');
  const num = (b: Uint8Array): number => (b.length === 4 ? readU32le(b, 0) : -1);
  const str = (b: Uint8Array): string => {
    try {
      return fromUtf8(b);
    } catch {
      return fail('malformed plaintext');
    }
  };
  if (str(f[0]) !== Label.SharePlaintext) fail('wrong label');
  if (str(f[1]) !== expect.runId || num(f[2]) !== expect.round) fail('bound to another run or round');
  if (str(f[3]) !== expect.sender || str(f[4]) !== expect.recipient) fail('bound to another sender or recipient');
  if (num(f[5]) !== expect.x) fail('share at the wrong evaluation point');
  if (f[6].length !== SHARE_BYTES || f[7].length !== SHARE_BYTES) fail('bad share length');
  return { sShare: { x: expect.x, y: f[6].slice() }, bShare: { x: expect.x, y: f[7].slice() } };
}
