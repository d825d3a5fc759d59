import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '@fl/api-client';
import type { JobView } from '@fl/protocol';
import { runCli } from '../program';
import { describeBudget, explainBudgetError } from './job-budget';

const TOKEN = 'admin-secret-123';
const ledger = { mode: 'distributed-ddg', budgetEpsilon: 4, delta: 1e-5, noiseMultiplier: 1.1, clip: 1, samplingRate: 1, steps: 2, epsilonSpent: 1.23456789, order: 12, nextEpsilon: 1.8 };
const job = (over: Partial<JobView> = {}) => ({ id: 'j1', status: 'stopped', statusReason: 'PRIVACY_BUDGET_EXHAUSTED: round 3 would bring ε to 2.1', privacy: ledger, ...over }) as unknown as JobView;

/** A real HTTP server answering `POST /api/jobs/j1/privacy/budget` like the coordinator; it records every request. */
async function server(): Promise<{ url: string; srv: Server; requests: { route: string; body: unknown }[] }> {
  const requests: { route: string; body: unknown }[] = [];
  const srv = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      const route = `${req.method} ${req.url}`;
      requests.push({ route, body: data ? JSON.parse(data) : null });
      const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (route === 'POST /api/jobs/j1/privacy/budget') return send(200, job());
      send(404, { statusCode: 404, message: `Cannot ${route}`, error: 'Not Found' });
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, srv, requests };
}

describe('fl jobs budget', () => {
  let s: Awaited<ReturnType<typeof server>>;
  beforeEach(async () => {
    s = await server();
  });
  afterEach(() => new Promise<void>((r) => s.srv.close(() => r())));

  async function fl(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const env = { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'fl-cli-')), FL_URL: s.url, FL_TOKEN: TOKEN };
    const code = await runCli(args, { io: { out: (t) => out.push(t), err: (t) => err.push(t) }, env });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('parses <id> --epsilon E and posts {"epsilon": E}', async () => {
    const r = await fl(['jobs', 'budget', 'j1', '--epsilon', '4']);
    expect(r.code).toBe(0);
    expect(s.requests).toEqual([{ route: 'POST /api/jobs/j1/privacy/budget', body: { epsilon: 4 } }]);
    expect(r.out).toContain('job j1: privacy budget ε = 4');
    expect((await fl(['jobs', 'budget', '--epsilon=2.5', 'j1', '--json'])).code).toBe(0);
    expect(s.requests[1].body).toEqual({ epsilon: 2.5 });
  });

  it('refuses a missing id, a missing --epsilon and an ε that is not a number > 0 with exit 2, before sending anything', async () => {
    const cases: [string[], RegExp][] = [
      [['jobs', 'budget', '--epsilon', '4'], /missing required argument 'id'/],
      [['jobs', 'budget', 'j1'], /required option '--epsilon <E>' not specified/],
      [['jobs', 'budget', 'j1', '--epsilon', '0'], /expected a number > 0, got 0/],
      [['jobs', 'budget', 'j1', '--epsilon', '-3'], /expected a number > 0, got -3/],
      [['jobs', 'budget', 'j1', '--epsilon', 'lots'], /expected a number, got "lots"/],
      [['jobs', 'budget', 'j1', '--epsilon', 'Infinity'], /expected a number, got "Infinity"/],
    ];
    for (const [args, msg] of cases) {
      const r = await fl(args);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.err).toMatch(msg);
    }
    expect(s.requests).toEqual([]);
  });

  it('the summary says what is spent and how to resume a job stopped at its budget', () => {
    expect(describeBudget(job())).toBe(
      'job j1: privacy budget ε = 4 (spent ε = 1.23457 over 2 round(s), δ = 0.00001; the next round would bring it to 1.8)\njob j1 is stopped at its old budget: resume it with `fl jobs start j1`',
    );
    expect(describeBudget(job({ status: 'running', statusReason: null }))).toMatch(/; status running$/);
  });

  it('a 403 names the token it needs; other errors pass unchanged', () => {
    const forbidden = explainBudgetError(new ApiError(403, 'FORBIDDEN', 'role viewer lacks the permission privacy:write', 'POST /api/jobs/j1/privacy/budget')) as ApiError;
    expect(forbidden).toMatchObject({ status: 403, code: 'FORBIDDEN', detail: 'role viewer lacks the permission privacy:write: only an admin token may raise a privacy budget (permission privacy:write)' });
    const bad = new ApiError(400, 'BAD_REQUEST', 'epsilon must be larger than the current budget ε = 4 (a budget is only ever raised)', 'POST /api/jobs/j1/privacy/budget');
    expect(explainBudgetError(bad)).toBe(bad);
  });
});
