/**
 * @module clients/signature
 * Verifies a client's authentication signature: detached Ed25519 (RFC 8032,
 * tweetnacl) over `authTranscript` of `@fl/protocol`. Returns false, never
 * throws, for keys or signatures of the wrong length.
 */
import nacl from 'tweetnacl';
import { authTranscript, SIGNATURE_BYTES, type AuthTranscriptInput } from '@fl/protocol';

export function verifyAuthSignature(input: AuthTranscriptInput, signature: Uint8Array): boolean {
  if (input.signingKey.length !== nacl.sign.publicKeyLength || signature.length !== SIGNATURE_BYTES) return false;
  return nacl.sign.detached.verify(authTranscript(input), signature, input.signingKey);
}
