/**
 * The first admin token, with real coordinator processes on the embedded
 * SQL engine (PGlite) restarted on the same data directory: without
 * FL_ADMIN_TOKEN the first start prints one admin token once and later
 * starts print nothing; with FL_ADMIN_TOKEN that token is stored once
 * (idempotent across restarts) and nothing secret is printed; a malformed
 * one stops the boot without echoing it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiTokenView, WhoAmI } from '@fl/protocol';
import { Children } from '../../apps/tools/src/proc/children';
import { randomAdminToken, startCoordinator } from '../../apps/tools/src/proc/coordinator';
import { COORDINATOR_MAIN, REPO_ROOT } from '../../apps/tools/src/proc/paths';

jest.setTimeout(180_000);

const FIRST = /First admin token \(shown once, store it now\): (flt_\S+)/g;

async function get<T>(url: string, path: string, token: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: JSON.parse(await res.text()) as T };
}

describe('first admin token (embedded engine, restarts)', () => {
  const children = new Children();
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fl-first-admin-'));
  });
  afterAll(async () => {
    await children.stopAll(5_000);
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a generated admin token exactly once, on the first start only', async () => {
    // Execute: two starts on the same data, no FL_ADMIN_TOKEN
    const dataDir = join(dir, 'generated');
    const log = join(dir, 'generated.log');
    const first = await startCoordinator(children, { dataDir, logFile: log, adminToken: null, env: { FL_ADMIN_TOKEN: '' }, timeoutMs: 90_000 });
    await children.stop(first.child);
    const second = await startCoordinator(children, { dataDir, logFile: log, adminToken: null, env: { FL_ADMIN_TOKEN: '' }, timeoutMs: 90_000 });
    // Assert
    const printed = [...readFileSync(log, 'utf8').matchAll(FIRST)].map((m) => m[1]);
    expect(printed).toHaveLength(1);
    expect(first.adminToken).toBe(printed[0]);
    expect(second.adminToken).toBeNull();
    const me = await get<WhoAmI>(second.url, '/auth/me', printed[0]);
    expect(me.body).toMatchObject({ role: 'admin', name: 'first admin' });
    await children.stop(second.child);
  });

  it('stores FL_ADMIN_TOKEN once, idempotently across restarts, and prints nothing secret', async () => {
    // Prepare
    const token = randomAdminToken();
    const dataDir = join(dir, 'configured');
    const log = join(dir, 'configured.log');
    // Execute: three starts with the same token
    for (let i = 0; i < 3; i++) {
      const c = await startCoordinator(children, { dataDir, logFile: log, adminToken: token, timeoutMs: 90_000 });
      const me = await get<WhoAmI>(c.url, '/auth/me', token);
      expect(me.body).toMatchObject({ role: 'admin', name: 'admin (FL_ADMIN_TOKEN)', tokenId: token.split('_')[1] });
      if (i === 2) {
        // Assert
        const tokens = await get<ApiTokenView[]>(c.url, '/tokens', token);
        expect(tokens.body.map((t) => [t.id, t.role])).toEqual([[token.split('_')[1], 'admin']]);
      }
      await children.stop(c.child);
    }
    const text = readFileSync(log, 'utf8');
    expect(text).not.toMatch(FIRST);
    expect(text).not.toContain(token.split('_').slice(2).join('_'));
  });

  it('refuses a malformed FL_ADMIN_TOKEN at boot (exit 2) without echoing it', () => {
    const bad = `not-a-token-${'s'.repeat(40)}`;
    const r = spawnSync(process.execPath, [COORDINATOR_MAIN, '--db', 'memory', '--port', '0'], { cwd: REPO_ROOT, env: { ...process.env, FL_ADMIN_TOKEN: bad }, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('FL_ADMIN_TOKEN=(hidden): must be flt_<id>_<secret>');
    expect(`${r.stdout}${r.stderr}`).not.toContain(bad);
  });
});
