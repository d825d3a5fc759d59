import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeSign, nodeVerify } from '@fl/secagg/node';
import type { Log } from '../log';
import { ephemeralIdentity, loadIdentity, saveIdentity } from './identity';

const posix = process.platform !== 'win32';

describe(loadIdentity.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fl-identity-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the file with mode 0600 when missing, and a restarted client reloads the same key pair', () => {
    // Prepare
    const file = join(dir, 'id.json');
    // Execute
    const first = loadIdentity(file);
    const again = loadIdentity(file);
    // Assert
    if (posix) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.file).toBe(file);
    expect(first.publicKey).toHaveLength(32);
    expect(first.secretKey).toHaveLength(64);
    expect(Buffer.from(again.publicKey)).toEqual(Buffer.from(first.publicKey));
    expect(Buffer.from(again.secretKey)).toEqual(Buffer.from(first.secretKey));
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json).toMatchObject({ version: 1, signingKey: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(first.publicKey).toString('base64url') } });
    // The secret key signs for the public key (tweetnacl layout: seed ‖ public key).
    const msg = new TextEncoder().encode('hello');
    expect(nodeVerify(msg, nodeSign(msg, again.secretKey), first.publicKey)).toBe(true);
    expect(Buffer.from(first.secretKey.subarray(32))).toEqual(Buffer.from(first.publicKey));
  });

  it('keeps pinned peer keys in the file', () => {
    const file = join(dir, 'id.json');
    const id = loadIdentity(file);
    const peerKey = ephemeralIdentity().publicKey;
    id.pins.pinNew({ 'client-7': peerKey }, ['client-7']);
    saveIdentity(id);
    if (posix) expect(statSync(file).mode & 0o777).toBe(0o600);
    const reloaded = loadIdentity(file);
    expect(reloaded.pins.size).toBe(1);
    expect(Buffer.from(reloaded.pins.get('client-7')!)).toEqual(Buffer.from(peerKey));
  });

  it('warns about a file readable by others, and still uses it', () => {
    if (!posix) return;
    const file = join(dir, 'id.json');
    const created = loadIdentity(file);
    chmodSync(file, 0o644);
    const warnings: string[] = [];
    const log: Log = { info: () => {}, warn: (e, m) => warnings.push(`${e}: ${m}`), round: () => {} };
    const id = loadIdentity(file, log);
    expect(Buffer.from(id.publicKey)).toEqual(Buffer.from(created.publicKey));
    expect(warnings).toEqual([expect.stringContaining('identity_mode: identity file')]);
  });

  it.each([
    ['not JSON', () => 'nope', 'not JSON'],
    ['another version', () => JSON.stringify({ version: 9 }), 'unsupported version 9'],
    ['a key that is not Ed25519', () => JSON.stringify({ version: 1, signingKey: { kty: 'RSA' } }), 'Ed25519 JWK'],
    [
      'a public key that does not belong to the seed',
      (f: string) => {
        const real = JSON.parse(readFileSync(f, 'utf8'));
        real.signingKey.x = Buffer.from(ephemeralIdentity().publicKey).toString('base64url');
        return JSON.stringify(real);
      },
      '"x" is not the public key of "d"',
    ],
    [
      'a malformed pin',
      (f: string) => {
        const real = JSON.parse(readFileSync(f, 'utf8'));
        real.pins = { 'client-1': 'AAAA' };
        return JSON.stringify(real);
      },
      'pins',
    ],
  ])('refuses a file with %s (code IDENTITY)', (_what, content, message) => {
    const file = join(dir, 'id.json');
    loadIdentity(file);
    writeFileSync(file, content(file), { mode: 0o600 });
    expect(() => loadIdentity(file)).toThrow(expect.objectContaining({ code: 'IDENTITY', message: expect.stringContaining(message) }));
  });

  it('creates a missing folder (mode 0700) and reports a file it cannot create', () => {
    const nested = join(dir, 'missing-dir', 'id.json');
    expect(loadIdentity(nested).file).toBe(nested);
    expect(statSync(join(dir, 'missing-dir')).mode & 0o777).toBe(0o700);
    writeFileSync(join(dir, 'a-file'), 'x');
    expect(() => loadIdentity(join(dir, 'a-file', 'id.json'))).toThrow(expect.objectContaining({ code: 'IDENTITY' }));
  });

  it('keeps the enrollment (client id, coordinator id) with the key', () => {
    const file = join(dir, 'enrolled.json');
    const a = loadIdentity(file);
    expect(a.enrollment).toBeNull();
    a.enrollment = { clientId: 'c-1', coordinatorId: 'co_1' };
    saveIdentity(a);
    const b = loadIdentity(file);
    expect(b.enrollment).toEqual({ clientId: 'c-1', coordinatorId: 'co_1' });
    expect(Buffer.from(b.publicKey).equals(Buffer.from(a.publicKey))).toBe(true);
    const j = JSON.parse(readFileSync(file, 'utf8'));
    j.enrollment = { clientId: 5 };
    writeFileSync(file, JSON.stringify(j));
    expect(() => loadIdentity(file)).toThrow(expect.objectContaining({ code: 'IDENTITY', message: expect.stringContaining('enrollment must be') }));
  });

  it('makes a distinct in-memory identity each time without a file', () => {
    const a = ephemeralIdentity();
    const b = ephemeralIdentity();
    expect(a.file).toBeNull();
    expect(Buffer.from(a.publicKey)).not.toEqual(Buffer.from(b.publicKey));
    expect(() => saveIdentity(a)).not.toThrow();
  });
});
