import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isTlsTrustError, readCaFile, tlsTrustMessage } from './tls-trust';

describe('tls-trust', () => {
  it('recognises certificate errors and says how to fix them', () => {
    const e = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    expect(isTlsTrustError(e)).toBe(true);
    expect(isTlsTrustError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(tlsTrustMessage(e)).toMatch(/not trusted \(SELF_SIGNED_CERT_IN_CHAIN: .*--ca FILE/);
  });

  it('refuses a --ca file that is missing or holds no certificate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-ca-spec-'));
    writeFileSync(join(dir, 'junk.pem'), 'nope');
    expect(() => readCaFile(join(dir, 'none.pem'))).toThrow(expect.objectContaining({ code: 'USAGE', message: expect.stringContaining('cannot be read (ENOENT)') }));
    expect(() => readCaFile(join(dir, 'junk.pem'))).toThrow(expect.objectContaining({ code: 'USAGE', message: expect.stringContaining('not a PEM certificate') }));
  });
});
