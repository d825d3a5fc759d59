/**
 * @module auth
 * What an edge client signs to authenticate a connection (docs/enrollment.md).
 * Platform-free: both sides build the same bytes and sign / verify them with
 * Ed25519 (RFC 8032). The transcript is domain-separated and every variable
 * field is length-prefixed, so no two different inputs encode alike:
 *
 *   "fedlearn/client-auth/v1\0"
 *   ‖ challenge (32 bytes)
 *   ‖ u16 len ‖ coordinatorId (UTF-8)
 *   ‖ issuedAt (u64 big-endian, ms)
 *   ‖ u16 len ‖ socketId (UTF-8)
 *   ‖ u8 mode (1 = enroll, 2 = re-authenticate)
 *   ‖ u16 len ‖ clientId (UTF-8; empty when enrolling)
 *   ‖ signingKey (32 bytes)
 *   ‖ u16 len ‖ enrollment token id (UTF-8; empty when re-authenticating)
 */
export const AUTH_DOMAIN = 'fedlearn/client-auth/v1\0';
/** Bytes of a server challenge. */
export const CHALLENGE_BYTES = 32;
/** How long a challenge may be answered. */
export const CHALLENGE_TTL_MS = 30_000;
/** Ed25519 signature length. */
export const SIGNATURE_BYTES = 64;

export interface AuthTranscriptInput {
  challenge: Uint8Array;
  coordinatorId: string;
  issuedAt: number;
  socketId: string;
  /** Set when re-authenticating. */
  clientId?: string;
  signingKey: Uint8Array;
  /** The id part of the enrollment token (before the dot) when enrolling; the secret itself is never signed. */
  enrollmentTokenId?: string;
}

const utf8 = new TextEncoder();

function field(s: string): Uint8Array {
  const b = utf8.encode(s);
  if (b.length > 0xffff) throw new RangeError('transcript field too long');
  const out = new Uint8Array(2 + b.length);
  out[0] = b.length >> 8;
  out[1] = b.length & 0xff;
  out.set(b, 2);
  return out;
}

function u64(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(Math.trunc(n)));
  return out;
}

/** The bytes a client signs (and the coordinator verifies) for one authentication. */
export function authTranscript(t: AuthTranscriptInput): Uint8Array {
  const parts = [
    utf8.encode(AUTH_DOMAIN),
    t.challenge,
    field(t.coordinatorId),
    u64(t.issuedAt),
    field(t.socketId),
    Uint8Array.of(t.clientId !== undefined ? 2 : 1),
    field(t.clientId ?? ''),
    t.signingKey,
    field(t.enrollmentTokenId ?? ''),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * An enrollment token's secret is `<id>.<secret>`: the id (public, for
 * lookup) and 32 random bytes (base64url). Returns the id, or null for a
 * string of another shape.
 */
export function enrollmentTokenId(secret: string): string | null {
  const m = /^(et_[0-9a-f]{32})\.([A-Za-z0-9_-]{43})$/.exec(secret);
  return m ? m[1] : null;
}
