/**
 * @module client/persist
 * JSON round-trip of a `ClientState`, so a client can persist what it revealed
 * and resume a round after a restart (the refusal rule must survive restarts).
 * Binary fields become `{ "$u8": base64 }` / `{ "$u32": base64 }`. The text
 * holds secrets until masked input is sent (keys, share keys, b_u) and held shares until
 * the round ends: store it like a private key.
 */
import { SecAggError, SecAggErrorCode } from '../errors';
import { fromBase64, toBase64 } from '../util/base64';
import { isBytes, isWords } from '../util/bytes';
import type { ClientState } from './state';

export function serializeClientState(state: ClientState): string {
  return JSON.stringify(state, (_key, v: unknown) => {
    if (isBytes(v)) return { $u8: toBase64(v) };
    if (isWords(v)) return { $u32: toBase64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
    return v;
  });
}

export function deserializeClientState(text: string): ClientState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_key, v: unknown) => {
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        const o = v as Record<string, unknown>;
        const keys = Object.keys(o);
        if (keys.length === 1 && typeof o.$u8 === 'string') return fromBase64(o.$u8);
        if (keys.length === 1 && typeof o.$u32 === 'string') {
          const b = fromBase64(o.$u32);
          return new Uint32Array(b.buffer, 0, b.length >>> 2);
        }
      }
      return v;
    });
  } catch (e) {
    throw new SecAggError(SecAggErrorCode.BadPayload, `client state is not valid JSON: ${(e as Error).message}`);
  }
  const s = parsed as Partial<ClientState>;
  if (typeof s !== 'object' || s === null || s.kind !== 'secagg-client' || typeof s.id !== 'string' || typeof s.revealed !== 'object') {
    throw new SecAggError(SecAggErrorCode.BadPayload, 'not a persisted SecAgg client state');
  }
  return s as ClientState;
}
