import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.error';
import { loadTls } from './tls-files';

describe('loadTls', () => {
  // Prepare: two throwaway self-signed certificates and keys (openssl, scratch directory).
  const dir = mkdtempSync(join(tmpdir(), 'fl-tls-spec-'));
  const f = (n: string) => join(dir, n);
  for (const n of ['a', 'b'])
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', f(`${n}.key`), '-out', f(`${n}.pem`), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'pipe' });
  writeFileSync(f('junk.pem'), 'not a certificate');

  it('is null without TLS and returns the PEM texts of a matching pair', () => {
    expect(loadTls({ tlsCert: null, tlsKey: null })).toBeNull();
    expect(loadTls({ tlsCert: f('a.pem'), tlsKey: f('a.key') })).toEqual({ cert: expect.stringContaining('BEGIN CERTIFICATE'), key: expect.stringContaining('PRIVATE KEY') });
  });

  it.each([
    ['a missing file', { tlsCert: f('none.pem'), tlsKey: f('a.key') }, 'cannot be read (ENOENT)'],
    ['a file that is not a certificate', { tlsCert: f('junk.pem'), tlsKey: f('a.key') }, 'not a PEM X.509 certificate'],
    ['a key that is not a key', { tlsCert: f('a.pem'), tlsKey: f('junk.pem') }, 'not a PEM private key'],
    ['the key of another certificate', { tlsCert: f('a.pem'), tlsKey: f('b.key') }, 'is not the private key of the certificate'],
    ['a certificate without its key', { tlsCert: f('a.pem'), tlsKey: null }, 'go together'],
  ])('refuses %s with a ConfigError', (_what, config, message) => {
    expect(() => loadTls(config)).toThrow(ConfigError);
    expect(() => loadTls(config)).toThrow(message);
  });

  it('refuses a certificate outside its validity period', () => {
    expect(() => loadTls({ tlsCert: f('a.pem'), tlsKey: f('a.key') }, new Date(Date.now() + 3 * 86_400_000))).toThrow(/not now/);
  });
});
