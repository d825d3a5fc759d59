import { mkdtempSync, readFileSync, statSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './program';

const ADMIN = 'admin-secret-123';
const me = { tokenId: 't0', name: 'root', role: 'admin', permissions: ['jobs:read', 'tokens:write'] };
const created = { id: 't1', name: 'ci', role: 'operator', createdAt: '2026-12-07T03:00:00.000Z', expiresAt: null, revokedAt: null, lastUsedAt: null, createdBy: 't0', secret: 'NEW-SECRET-xyz' };

/** A real HTTP server answering like the coordinator; only ADMIN is a valid bearer. */
async function server(): Promise<{ url: string; srv: Server; bodies: unknown[] }> {
  const bodies: unknown[] = [];
  const srv = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      if (data) bodies.push(JSON.parse(data));
      const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.headers.authorization !== `Bearer ${ADMIN}`) return send(401, { statusCode: 401, code: 'UNAUTHENTICATED', message: 'a valid admin token is required' });
      const route = `${req.method} ${req.url}`;
      if (route === 'GET /api/auth/me') return send(200, me);
      if (route === 'POST /api/tokens') return send(201, created);
      if (route === 'GET /api/tokens') {
        const { secret: _secret, ...view } = created;
        return send(200, [view]);
      }
      if (route === 'GET /api/jobs/nope') return send(404, { statusCode: 404, message: 'job nope not found', error: 'Not Found' });
      send(404, { statusCode: 404, message: `Cannot ${route}`, error: 'Not Found' });
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, srv, bodies };
}

describe('fl (runCli)', () => {
  let s: Awaited<ReturnType<typeof server>>;
  let cfgDir: string;
  beforeEach(async () => {
    s = await server();
    cfgDir = mkdtempSync(join(tmpdir(), 'fl-cli-'));
  });
  afterEach(() => new Promise<void>((r) => s.srv.close(() => r())));

  async function fl(args: string[], env: NodeJS.ProcessEnv = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(args, { io: { out: (t) => out.push(t), err: (t) => err.push(t) }, env: { XDG_CONFIG_HOME: cfgDir, ...env } });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  const cfgFile = () => join(cfgDir, 'fedlearn', 'cli.json');

  describe('usage', () => {
    it('--help lists the commands and exits 0', async () => {
      const r = await fl(['--help']);
      expect(r.code).toBe(0);
      for (const c of ['login', 'whoami', 'tokens', 'enroll-tokens', 'clients', 'jobs', 'models', 'audit']) expect(r.out).toContain(c);
    });

    it('an unknown command, a missing argument or a bad option value exits 2 with a message', async () => {
      expect(await fl(['frobnicate'])).toMatchObject({ code: 2, err: expect.stringContaining("unknown command 'frobnicate'") });
      expect(await fl(['jobs', 'get'])).toMatchObject({ code: 2, err: expect.stringContaining("missing required argument 'id'") });
      expect(await fl(['tokens', 'create', '--name', 'x', '--role', 'root'])).toMatchObject({ code: 2, err: expect.stringContaining('expected one of admin, operator, viewer, predict') });
      expect(await fl(['audit', '--limit', '0'])).toMatchObject({ code: 2, err: expect.stringContaining('expected an integer from 1 to 1000') });
    });

    it('without a login it says how to log in (exit 2), as JSON with --json', async () => {
      expect(await fl(['jobs', 'list'])).toMatchObject({ code: 2, out: '', err: expect.stringMatching(/^fl: NOT_LOGGED_IN: .*fl login --url URL --token TOKEN/) });
      const r = await fl(['jobs', 'list', '--json']);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.err)).toEqual({ error: { code: 'NOT_LOGGED_IN', status: null, message: expect.any(String) } });
    });
  });

  describe('login', () => {
    it('verifies the token, stores url+token with mode 0600 and never prints the token', async () => {
      const r = await fl(['login', '--url', s.url + '/', '--token', ADMIN]);
      expect(r).toMatchObject({ code: 0, out: `logged in to ${s.url} as root (admin); saved in ${cfgFile()}` });
      expect(r.out + r.err).not.toContain(ADMIN);
      expect(statSync(cfgFile()).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(cfgFile(), 'utf8'))).toEqual({ url: s.url, token: ADMIN });

      const w = await fl(['whoami']);
      expect(w.code).toBe(0);
      expect(w.out).toContain('role:        admin');
      expect(w.out).not.toContain(ADMIN);
      expect(JSON.parse((await fl(['whoami', '--json'])).out)).toEqual({ url: s.url, ...me });

      expect(await fl(['logout'])).toMatchObject({ code: 0, out: 'logged out' });
      expect(existsSync(cfgFile())).toBe(false);
    });

    it('a refused token is not stored and the API code is shown (exit 1)', async () => {
      const r = await fl(['login', '--url', s.url, '--token', 'wrong-token']);
      expect(r.code).toBe(1);
      expect(r.err).toBe('fl: UNAUTHENTICATED: a valid admin token is required (GET /api/auth/me → HTTP 401)');
      expect(r.err).not.toContain('wrong-token');
      expect(existsSync(cfgFile())).toBe(false);
    });

    it('refuses a non-http URL before sending anything', async () => {
      expect(await fl(['login', '--url', 'file:///etc', '--token', ADMIN])).toMatchObject({ code: 2, err: expect.stringContaining('BAD_URL') });
    });
  });

  describe('with FL_URL / FL_TOKEN', () => {
    const env = () => ({ FL_URL: s.url, FL_TOKEN: ADMIN });

    it('tokens create prints the secret once; --json is one document with it; list never has it', async () => {
      const r = await fl(['tokens', 'create', '--name', 'ci', '--role', 'operator', '--expires-in', '12h'], env());
      expect(r.code).toBe(0);
      expect(r.out.split('NEW-SECRET-xyz').length).toBe(2);
      expect(r.out).toMatch(/^ID\s+NAME\s+ROLE/);
      expect(s.bodies).toEqual([{ name: 'ci', role: 'operator', expiresInSeconds: 43200 }]);
      const j = await fl(['tokens', 'create', '--name', 'ci', '--role', 'operator', '--json'], env());
      expect(JSON.parse(j.out)).toEqual(created);
      const l = await fl(['tokens', 'list'], env());
      expect(l.out).toContain('t1');
      expect(l.out).not.toContain('SECRET');
      expect(JSON.parse((await fl(['tokens', 'list', '--json'], env())).out)).toHaveLength(1);
    });

    it('an API error shows its code and status, exit 1; --json puts it on stderr as JSON', async () => {
      expect(await fl(['jobs', 'get', 'nope'], env())).toMatchObject({ code: 1, out: '', err: 'fl: NOT_FOUND: job nope not found (GET /api/jobs/nope → HTTP 404)' });
      const r = await fl(['--json', 'jobs', 'get', 'nope'], env());
      expect(JSON.parse(r.err)).toEqual({ error: { code: 'NOT_FOUND', status: 404, message: 'job nope not found (GET /api/jobs/nope → HTTP 404)' } });
    });

    it('an unreachable coordinator is exit 1 with UNREACHABLE', async () => {
      const url = s.url;
      await new Promise<void>((r) => s.srv.close(() => r()));
      s = await server();
      expect(await fl(['jobs', 'list'], { FL_URL: url })).toMatchObject({ code: 1, err: expect.stringContaining(`fl: UNREACHABLE: cannot reach the coordinator at ${url}`) });
    });
  });
});
