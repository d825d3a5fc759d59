/**
 * @module pair-keys
 * Per-pair share-encryption keys, as in the dispute step of ACORN-robust (Bell
 * et al., USENIX Security 2023; docs/secure-aggregation.md "Blame"). At
 * advertise-keys each member u draws one fresh X25519 pair c_{u,v} for every
 * neighbour v ∈ N(u) (the graph is a function of the public round config, so
 * N(u) is known before anything is sent) and advertises the public halves in
 * one signed message: `cTo` = N(u), `cPks` = the keys in `cTo`'s order, 32
 * bytes each. The ciphertext between u and v is sealed under
 * KDF(X25519(c_{u,v}^SK, c_{v,u}^PK)) (crypto/share-key), so a complaint that
 * reveals c_{u,v}^SK opens that pair's ciphertexts and nothing else.
 */
import { isValidId } from './config';
import { KEY_BYTES } from './constants';
import type { KeyPair } from './crypto/backend';
import type { RandomSource } from './crypto/random';
import { generateX25519KeyPair } from './crypto/x25519';
import { SecAggError, SecAggErrorCode } from './errors';
import { isBytes } from './util/bytes';

export interface PairPublicKeys {
  cTo: string[];
  cPks: Uint8Array;
}

/** One fresh key pair per neighbour, by neighbour id. */
export function generatePairKeys(neighbours: readonly string[], publicKeyOf: (sk: Uint8Array) => Uint8Array, random: RandomSource): Record<string, KeyPair> {
  const out: Record<string, KeyPair> = {};
  for (const v of neighbours) out[v] = generateX25519KeyPair(publicKeyOf, random);
  return out;
}

/** The advertised layout of `keys`: `cTo` = `neighbours`, their public keys concatenated in that order. */
export function pairPublicKeys(neighbours: readonly string[], keys: Record<string, KeyPair>): PairPublicKeys {
  const cPks = new Uint8Array(KEY_BYTES * neighbours.length);
  neighbours.forEach((v, i) => cPks.set(keys[v].publicKey, i * KEY_BYTES));
  return { cTo: [...neighbours], cPks };
}

/** c_{owner,peer}^PK out of the owner's advertised keys (a view), or undefined when it named no key for `peer`. */
export function pairPublicKey(keys: PairPublicKeys, peer: string): Uint8Array | undefined {
  const i = keys.cTo.indexOf(peer);
  return i < 0 ? undefined : keys.cPks.subarray(i * KEY_BYTES, (i + 1) * KEY_BYTES);
}

/**
 * Checks an advertised layout against the owner's open neighbourhood: exactly
 * one key per neighbour (`BAD_KEY` for a wrong number of keys or a key for a
 * non-neighbour, `DUPLICATE` for a neighbour named twice, `BAD_PAYLOAD` for a
 * malformed field). The keys' values (length, zero, repeats) are the caller's.
 */
export function checkPairKeyLayout(owner: string, keys: { cTo?: unknown; cPks?: unknown }, neighbours: readonly string[], stage: string): asserts keys is PairPublicKeys {
  const { cTo, cPks } = keys;
  if (!Array.isArray(cTo) || !isBytes(cPks)) throw new SecAggError(SecAggErrorCode.BadPayload, `per-pair keys of ${owner} need cTo (ids) and cPks (bytes)`, stage, owner);
  if (cTo.length !== neighbours.length || cPks.length !== KEY_BYTES * neighbours.length) {
    throw new SecAggError(
      SecAggErrorCode.BadKey,
      `${owner} must advertise one ${KEY_BYTES}-byte per-pair key for each of its ${neighbours.length} neighbours (got ${cTo.length} ids, ${cPks.length} bytes)`,
      stage,
      owner,
    );
  }
  const mine = new Set(neighbours);
  const seen = new Set<string>();
  for (const v of cTo) {
    if (!isValidId(v) || !mine.has(v)) throw new SecAggError(SecAggErrorCode.BadKey, `${owner} advertises a per-pair key for ${String(v)}, not a neighbour`, stage, owner);
    if (seen.has(v)) throw new SecAggError(SecAggErrorCode.Duplicate, `${owner} advertises two per-pair keys for ${v}`, stage, owner);
    seen.add(v);
  }
}
