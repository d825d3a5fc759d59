/**
 * The built `fl` binary against the REAL coordinator for the admin-access
 * commands: login / whoami / logout, API tokens and roles, enrollment
 * tokens, client suspension and revocation, the audit log, `jobs watch`
 * over the token-authenticated `/admin` socket, and `jobs budget` (raising a
 * DP job's ε: admins only, audited).
 *
 * These routes come from the admin-auth and enrollment work; the one
 * assumption about them is how an in-process coordinator gets its first
 * admin token: `startWithAdmin` in ./support/coordinator (adapt it there, and only there).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient } from '@fl/api-client';
import type { ApiTokenView, AuditPage, CreatedApiToken, CreatedEnrollmentToken, EnrollmentTokenView, JobView, WhoAmI } from '@fl/protocol';
import type { Harness } from '../coordinator/support/harness';
import { ScriptedClient } from '../coordinator/support/scripted-client';
import { startWithAdmin } from './support/coordinator';
import { flRunner, json, type Fl } from './support/fl';

describe('fl admin commands against the real coordinator', () => {
  let h: Harness;
  let admin: string;
  let api: ApiClient;
  let fl: Fl;
  const clients: ScriptedClient[] = [];

  beforeAll(async () => {
    ({ h, token: admin } = await startWithAdmin());
    api = new ApiClient({ baseUrl: h.url, token: admin });
    fl = flRunner({});
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await h.close();
  });

  const configFile = () => join(fl.configHome, 'fedlearn', 'cli.json');

  it('fl login refuses a wrong token and stores nothing', async () => {
    const r = await fl(['login', '--url', h.url, '--token', 'not-a-token']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^fl: [A-Z_]+: .*HTTP 401\)\n$/);
    expect(r.stderr).not.toContain('not-a-token');
    expect(existsSync(configFile())).toBe(false);
  });

  it('fl login verifies and stores url+token (0600); whoami; the token is never printed', async () => {
    const r = await fl(['login', '--url', h.url, '--token', admin]);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toContain(`logged in to ${h.url} as `);
    expect(r.stdout + r.stderr).not.toContain(admin);
    expect(statSync(configFile()).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(configFile(), 'utf8'))).toEqual({ url: h.url, token: admin });
    const me = json<WhoAmI & { url: string }>(await fl(['whoami', '--json']));
    expect(me).toMatchObject({ url: h.url, role: 'admin', permissions: expect.arrayContaining(['tokens:write', 'audit:read']) });
    const human = await fl(['whoami']);
    expect(human.stdout).toMatch(/^role:\s+admin$/m);
    expect(human.stdout).not.toContain(admin);
  });

  it('fl tokens create|list|revoke: the secret once; roles are enforced; a revoked token is refused', async () => {
    const created = json<CreatedApiToken>(await fl(['tokens', 'create', '--name', 'e2e-viewer', '--role', 'viewer', '--expires-in', '1h', '--json']));
    expect(created).toMatchObject({ name: 'e2e-viewer', role: 'viewer', secret: expect.any(String) });
    const human = await fl(['tokens', 'create', '--name', 'e2e-op', '--role', 'operator']);
    expect(human).toMatchObject({ code: 0 });
    expect(human.stdout).toMatch(/^secret: \S+$/m);

    const list = await fl(['tokens', 'list']);
    expect(list.stdout).toMatch(new RegExp(`^${created.id}\\s+e2e-viewer\\s+viewer`, 'm'));
    expect(list.stdout).not.toContain(created.secret);
    expect(JSON.stringify(json<ApiTokenView[]>(await fl(['tokens', 'list', '--json'])))).not.toContain(created.secret);

    const asViewer = { FL_URL: h.url, FL_TOKEN: created.secret };
    expect(await fl(['jobs', 'list'], asViewer)).toMatchObject({ code: 0 });
    const forbidden = await fl(['tokens', 'list'], asViewer);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toMatch(/HTTP 403\)\n$/);

    expect(await fl(['tokens', 'revoke', created.id])).toMatchObject({ code: 0, stdout: `token ${created.id} revoked\n` });
    const refused = await fl(['jobs', 'list'], asViewer);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/HTTP 401\)\n$/);
  });

  it('fl enroll-tokens create|list|revoke', async () => {
    const created = json<CreatedEnrollmentToken>(await fl(['enroll-tokens', 'create', '--label', 'site-a', '--max-uses', '2', '--dataset', 'synth', '--expires-in', '2h', '--json']));
    expect(created).toMatchObject({ label: 'site-a', maxUses: 2, uses: 0, dataset: 'synth', secret: expect.any(String) });
    const list = await fl(['enroll-tokens', 'list']);
    expect(list.stdout).toMatch(new RegExp(`^${created.id}\\s+site-a\\s+0/2\\s+synth`, 'm'));
    expect(list.stdout).not.toContain(created.secret);
    expect(await fl(['enroll-tokens', 'revoke', created.id])).toMatchObject({ code: 0 });
    const after = json<EnrollmentTokenView[]>(await fl(['enroll-tokens', 'list', '--json'])).find((t) => t.id === created.id);
    expect(after?.revokedAt).toEqual(expect.any(String));
    expect((await fl(['enroll-tokens', 'create', '--max-uses', '0'])).code).toBe(2);
  });

  it('fl clients suspend|resume|revoke, each recorded in the audit log', async () => {
    const c = await ScriptedClient.enrol(h, { name: 'to-suspend', dataset: 'synth' });
    clients.push(c);
    for (const verb of ['suspend', 'resume', 'revoke']) expect(await fl(['clients', verb, c.clientId])).toMatchObject({ code: 0 });
    const page = json<AuditPage>(await fl(['audit', '--json', '--limit', '50']));
    const actions = page.entries.filter((e) => e.target === c.clientId).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['clients.suspend', 'clients.resume', 'clients.revoke']));
    expect((await fl(['clients', 'suspend', '00000000-0000-4000-8000-000000000000'])).code).toBe(1);
  });

  it('fl audit: filters, paging with --before, a table', async () => {
    const page = json<AuditPage>(await fl(['audit', '--action', 'tokens.create', '--json']));
    expect(page.entries.length).toBeGreaterThanOrEqual(2);
    expect(page.entries.every((e) => e.action === 'tokens.create')).toBe(true);
    const first = json<AuditPage>(await fl(['audit', '--limit', '1', '--json']));
    expect(first.entries).toHaveLength(1);
    expect(first.next).toEqual(expect.any(String));
    const second = json<AuditPage>(await fl(['audit', '--limit', '1', '--before', first.next!, '--json']));
    expect(second.entries).toHaveLength(1);
    expect(second.entries[0].id).not.toBe(first.entries[0].id);
    const human = await fl(['audit', '--limit', '3']);
    expect(human.stdout.split('\n')[0]).toMatch(/^TIME\s+ACTOR\s+ACTION\s+TARGET\s+RESULT/);
    expect(human.stdout).toContain('more: fl audit --before ');
    expect(JSON.stringify(page)).not.toContain(admin);
  });

  it('fl jobs watch authenticates the admin socket with the token', async () => {
    const job = await api.jobs.create({ model: { builtin: 'synthetic', params: 10 }, dataset: 'watch-none', rounds: 1, minClients: 1, clientsPerRound: 1, waitForClientsSeconds: 0.2, maxRoundRetries: 0, secureAggregation: { enabled: false } });
    await api.jobs.start(job.id);
    const r = await fl(['jobs', 'watch', job.id, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toMatchObject({ event: 'end', status: 'failed' });
    const bad = await fl(['jobs', 'watch', job.id], { FL_URL: h.url, FL_TOKEN: 'wrong' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/HTTP 401\)\n$/);
    expect(((await api.jobs.get(job.id)) as JobView).status).toBe('failed');
  });

  it('fl jobs budget raises a DP job\'s ε as admin (audited); a viewer and an operator get 403 in words; a lower ε is 400; an unknown job 404', async () => {
    const job = await api.jobs.create({ model: { builtin: 'synthetic', params: 10 }, dataset: 'budget-none', rounds: 3, minClients: 1, clientsPerRound: 1, secureAggregation: { enabled: false }, privacy: { epsilon: 2, delta: 1e-3, clip: 1, samplingRate: 1, noiseMultiplier: 3 } });
    expect(job.privacy).toMatchObject({ budgetEpsilon: 2 });

    const raised = await fl(['jobs', 'budget', job.id, '--epsilon', '5']);
    expect(raised).toMatchObject({ code: 0, stderr: '' });
    expect(raised.stdout).toMatch(new RegExp(`^job ${job.id}: privacy budget ε = 5 \\(spent ε = 0 over 0 round\\(s\\), δ = 0.001; .*; status created\n$`));
    expect(json<JobView>(await fl(['jobs', 'budget', job.id, '--epsilon', '6', '--json'])).privacy).toMatchObject({ budgetEpsilon: 6, steps: 0 });
    expect((await api.jobs.get(job.id)).privacy).toMatchObject({ budgetEpsilon: 6 });

    for (const role of ['viewer', 'operator'] as const) {
      const t = json<CreatedApiToken>(await fl(['tokens', 'create', '--name', `budget-${role}`, '--role', role, '--json']));
      const r = await fl(['jobs', 'budget', job.id, '--epsilon', '100'], { FL_URL: h.url, FL_TOKEN: t.secret });
      expect([role, r.code, r.stdout]).toEqual([role, 1, '']);
      expect(r.stderr).toBe(`fl: FORBIDDEN: role ${role} lacks the permission privacy:write: only an admin token may raise a privacy budget (permission privacy:write) (POST /api/jobs/${job.id}/privacy/budget → HTTP 403)\n`);
    }
    const lower = await fl(['jobs', 'budget', job.id, '--epsilon', '3']);
    expect(lower.code).toBe(1);
    expect(lower.stderr).toMatch(/^fl: [A-Z_]+: epsilon must be larger than the current budget ε = 6 \(a budget is only ever raised\) \(POST \/api\/jobs\/\S+\/privacy\/budget → HTTP 400\)\n$/);
    const plainJob = await api.jobs.create({ model: { builtin: 'synthetic', params: 10 }, dataset: 'budget-none', rounds: 1, minClients: 1, clientsPerRound: 1, secureAggregation: { enabled: false } });
    expect((await fl(['jobs', 'budget', plainJob.id, '--epsilon', '3'])).stderr).toMatch(/does not use differential privacy .*HTTP 400\)\n$/);
    const unknown = await fl(['jobs', 'budget', '00000000-0000-4000-8000-000000000000', '--epsilon', '3']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^fl: NOT_FOUND: .*HTTP 404\)\n$/);
    expect((await api.jobs.get(job.id)).privacy).toMatchObject({ budgetEpsilon: 6 });

    // The audit log: two raises by the admin, the two refused attempts with their 403.
    const page = json<AuditPage>(await fl(['audit', '--action', 'jobs.raiseBudget', '--limit', '20', '--json']));
    const mine = page.entries.filter((e) => e.target === job.id);
    expect(mine.filter((e) => e.result === 'ok')).toHaveLength(2);
    expect(mine.filter((e) => e.result === '403')).toHaveLength(2);
    const human = await fl(['audit', '--action', 'jobs.raiseBudget']);
    expect(human.stdout).toMatch(new RegExp(`jobs\\.raiseBudget\\s+${job.id}\\s+ok`));
  });

  it('fl login --token - reads the token from stdin', async () => {
    const r = await fl(['login', '--url', h.url, '--token', '-'], {}, `${admin}\n`);
    expect(r).toMatchObject({ code: 0 });
    expect(JSON.parse(readFileSync(configFile(), 'utf8'))).toEqual({ url: h.url, token: admin });
  });

  it('fl logout forgets the login', async () => {
    expect(await fl(['logout'])).toMatchObject({ code: 0, stdout: 'logged out\n' });
    expect(existsSync(configFile())).toBe(false);
    expect((await fl(['whoami'])).code).toBe(2);
  });
});
