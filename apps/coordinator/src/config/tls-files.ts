/**
 * @module config/tls-files
 * Reads and checks `--tls-cert` / `--tls-key` once at boot: both readable,
 * a PEM X.509 certificate (chain) and a PEM private key that belongs to it,
 * and the certificate within its validity period. Every problem is reported
 * at once as a {@link ConfigError}, so a coordinator never starts half-secure.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from './config.error';
import type { CoordinatorConfig } from './coordinator-config';

/** The PEM texts Node's TLS servers take (`https.createServer({ cert, key })`). */
export interface TlsFiles {
  cert: string;
  key: string;
}

function read(file: string, what: string, problems: string[]): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    problems.push(`${what} ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    return null;
  }
}

/**
 * The certificate and key of `config`, or null without TLS.
 * @throws ConfigError listing every problem
 */
export function loadTls(config: Pick<CoordinatorConfig, 'tlsCert' | 'tlsKey'>, now = new Date()): TlsFiles | null {
  if (config.tlsCert === null && config.tlsKey === null) return null;
  if (config.tlsCert === null || config.tlsKey === null) throw new ConfigError(['--tls-cert and --tls-key go together: give both or neither']);
  const problems: string[] = [];
  const cert = read(config.tlsCert, '--tls-cert', problems);
  const key = read(config.tlsKey, '--tls-key', problems);
  let x509: X509Certificate | null = null;
  if (cert !== null) {
    try {
      x509 = new X509Certificate(cert);
    } catch (e) {
      problems.push(`--tls-cert ${config.tlsCert}: not a PEM X.509 certificate (${(e as Error).message})`);
    }
  }
  if (x509 && (now < new Date(x509.validFrom) || now > new Date(x509.validTo))) problems.push(`--tls-cert ${config.tlsCert}: valid from ${x509.validFrom} to ${x509.validTo}, not now`);
  if (key !== null) {
    try {
      const k = createPrivateKey(key);
      if (x509 && !x509.checkPrivateKey(k)) problems.push(`--tls-key ${config.tlsKey} is not the private key of the certificate in ${config.tlsCert}`);
    } catch (e) {
      problems.push(`--tls-key ${config.tlsKey}: not a PEM private key (${(e as Error).message})`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return { cert: cert!, key: key! };
}
