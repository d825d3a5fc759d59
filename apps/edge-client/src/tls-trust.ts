/**
 * @module tls-trust
 * The client's TLS trust: the coordinator's certificate is always verified
 * (there is no insecure mode), against the system CAs plus, with `--ca
 * FILE`, a private CA. This module reads that file and turns Node's
 * certificate errors into one clear message.
 */
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { ClientError } from './errors';

/** Node / OpenSSL codes of a certificate the client does not trust or that does not name the host. */
const TRUST_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function isTlsTrustError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRUST_CODES.has(code);
}

export function tlsTrustMessage(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return `the coordinator's TLS certificate is not trusted (${err.code}: ${err.message}); give the CA that signed it with --ca FILE (env FL_CA)`;
}

/**
 * The PEM text of `file`, which must hold at least one certificate.
 * @throws ClientError USAGE naming the problem
 */
export function readCaFile(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ClientError('USAGE', `--ca ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    new X509Certificate(pem);
  } catch (e) {
    throw new ClientError('USAGE', `--ca ${file}: not a PEM certificate (${(e as Error).message})`);
  }
  return pem;
}
