/**
 * @module test/edge/support/tls-fixture
 * A throwaway private CA and a server certificate for 127.0.0.1 / localhost,
 * made with the `openssl` binary in a scratch directory for one test run
 * (never committed), and a JSON-over-HTTPS helper that trusts that CA.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';

export interface TestPki {
  /** The CA's certificate (what clients get with --ca). */
  ca: string;
  /** The server's certificate and key (the coordinator's --tls-cert / --tls-key). */
  cert: string;
  key: string;
}

export function makeTestPki(dir: string): TestPki {
  const f = (n: string) => join(dir, n);
  const run = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '1', '-subj', '/CN=fl-e2e test CA');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(f('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  run('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.pem'), '-days', '1', '-extfile', f('server.ext'));
  return { ca: f('ca.pem'), cert: f('server.pem'), key: f('server.key') };
}

/** One JSON request over HTTPS trusting `ca` (PEM text), with an API token. */
export function httpsJson<T>(url: string, ca: string, token: string, method = 'GET', body?: unknown): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(url, { method, ca, headers: { authorization: `Bearer ${token}`, ...(data ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(data)) } : {}) } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8')) as T }));
    });
    req.on('error', reject);
    req.end(data);
  });
}
