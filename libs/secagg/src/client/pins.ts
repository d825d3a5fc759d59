/**
 * @module client/pins
 * Trust on first use for peers' long-term Ed25519 keys (active model). In
 * Bonawitz et al. the signing keys come from a trusted PKI; here the server
 * delivers them in the round config, so a server that substitutes a peer's key
 * can sign fake key adverts for that peer and sit in the middle of every
 * key agreement. A `KeyPins` store, kept by the client across rounds, records
 * the key first seen for each peer and refuses (`BAD_KEY`) any later config
 * that names a different one.
 *
 * TOFU protects later rounds only: the first config in which a peer appears is
 * still taken on trust. It is plain data (`toJSON` / `KeyPins.fromJSON`): the
 * caller persists it next to the client's own identity key.
 */
import { isValidId } from '../config';
import { SIGNING_PUBLIC_KEY_BYTES } from '../constants';
import { SecAggError, SecAggErrorCode } from '../errors';
import { fromBase64, toBase64 } from '../util/base64';
import { bytesEqual, isBytes } from '../util/bytes';

export class KeyPins {
  private readonly keys = new Map<string, Uint8Array>();

  /** Starts from `initial` pins (id → 32-byte Ed25519 public key), if any. */
  constructor(initial: Record<string, Uint8Array> = {}) {
    for (const [id, key] of Object.entries(initial)) this.pin(id, key);
  }

  get size(): number {
    return this.keys.size;
  }

  /** The pinned key of `id` (a copy), if any. */
  get(id: string): Uint8Array | undefined {
    return this.keys.get(id)?.slice();
  }

  /** Throws `BAD_KEY`, naming the peer, if any of `ids` is pinned to a key other than `keys[id]`. Changes nothing. */
  verify(keys: Readonly<Record<string, Uint8Array>>, ids: Iterable<string>): void {
    for (const id of ids) {
      const pinned = this.keys.get(id);
      if (pinned && !(isBytes(keys[id]) && bytesEqual(pinned, keys[id]))) {
        throw new SecAggError(SecAggErrorCode.BadKey, `the signing key of ${id} differs from the key pinned on first use`, undefined, id);
      }
    }
  }

  /** Pins each of `ids` not pinned yet to `keys[id]`; returns the ids newly pinned. Call `verify` first. */
  pinNew(keys: Readonly<Record<string, Uint8Array>>, ids: Iterable<string>): string[] {
    const added: string[] = [];
    for (const id of ids) {
      if (this.keys.has(id)) continue;
      this.pin(id, keys[id]);
      added.push(id);
    }
    return added;
  }

  /** Drops the pin of `id`, e.g. after a re-enrolment confirmed out of band. */
  forget(id: string): boolean {
    return this.keys.delete(id);
  }

  /** id → base64 key, in insertion order. */
  toJSON(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [id, key] of this.keys) out[id] = toBase64(key);
    return out;
  }

  /** Inverse of `toJSON`; throws `BAD_PAYLOAD` on anything else. */
  static fromJSON(v: unknown): KeyPins {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new SecAggError(SecAggErrorCode.BadPayload, 'key pins must be an object');
    const keys: Record<string, Uint8Array> = {};
    for (const [id, b64] of Object.entries(v as Record<string, unknown>)) {
      let key: Uint8Array | null = null;
      try {
        key = typeof b64 === 'string' ? fromBase64(b64) : null;
      } catch {
        key = null;
      }
      if (!key) throw new SecAggError(SecAggErrorCode.BadPayload, `pinned key of ${JSON.stringify(id)} is not base64`);
      keys[id] = key;
    }
    try {
      return new KeyPins(keys);
    } catch (e) {
      throw e instanceof SecAggError ? new SecAggError(SecAggErrorCode.BadPayload, e.message, undefined, e.clientId) : e;
    }
  }

  private pin(id: string, key: unknown): void {
    if (!isValidId(id)) throw new SecAggError(SecAggErrorCode.BadKey, `cannot pin a key for the invalid id ${JSON.stringify(id)}`);
    if (!isBytes(key, SIGNING_PUBLIC_KEY_BYTES)) throw new SecAggError(SecAggErrorCode.BadKey, `pinned key of ${id} must be ${SIGNING_PUBLIC_KEY_BYTES} bytes`, undefined, id);
    this.keys.set(id, key.slice());
  }
}
