/**
 * @module test/coordinator/support/harness
 * Boots the REAL coordinator (createApp) on an ephemeral port and offers a
 * tiny typed REST helper (global fetch). Nothing of the coordinator is mocked.
 * The coordinator starts with a random admin token (`adminToken`), which
 * `rest` sends on every call; `tokenFor(role)` makes tokens of other roles.
 */
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { CreatedApiToken, JobView, Role } from '@fl/protocol';
import { deserializeWeights } from '@fl/fl-core';
import { startApp, type CreateAppOptions } from '../../../apps/coordinator/src/app.factory';
import { defaultConfig } from '../../../apps/coordinator/src/config/config.parser';
import type { CoordinatorConfig } from '../../../apps/coordinator/src/config/coordinator-config';
import { ScriptedClient, type ClientScript } from './scripted-client';

export interface Harness {
  app: INestApplication;
  url: string;
  /** The admin token the coordinator was started with (`flt_…`). */
  adminToken: string;
  /** `Authorization` header for a token (default: the admin token). */
  auth(token?: string): Record<string, string>;
  /** REST call with the admin token (or `token`; `null`: no credential). */
  rest<T = unknown>(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; body: T }>;
  /** Creates an API token of `role` (as admin); returns its secret and id. */
  tokenFor(role: Role, name?: string, expiresInSeconds?: number): Promise<CreatedApiToken>;
  createJob(body: Record<string, unknown>): Promise<JobView>;
  startJob(id: string): Promise<JobView>;
  job(id: string): Promise<JobView>;
  /** Downloads a model's weights (`GET /api/models/:hash/weights`); throws unless 200 octet-stream. */
  weights(hash: string): Promise<Float32Array>;
  /** Polls the job until `pred` holds (or throws after `ms`). */
  waitJob(id: string, pred: (j: JobView) => boolean, ms?: number): Promise<JobView>;
  /** Creates the job, reads its initial weights, starts it and waits until it completes or fails. */
  runJob(body: Record<string, unknown>, ms?: number): Promise<{ created: JobView; x0: Float32Array; done: JobView }>;
  close(): Promise<void>;
}

/** A random admin token in the `flt_<id>_<secret>` format. */
export function randomAdminToken(): string {
  return `flt_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;
}

export async function startHarness(overrides: Partial<CoordinatorConfig> = {}, options: CreateAppOptions = {}): Promise<Harness> {
  // In-process apps keep state in memory (no data dir); the crash tests run real processes on both SQL engines.
  const adminToken = overrides.adminToken ?? randomAdminToken();
  // Every scripted client connects from 127.0.0.1: a suite authenticates far more often than one site would.
  const config = defaultConfig({ port: 0, host: '127.0.0.1', logLevel: 'error', taskAckTimeoutMs: 2000, db: 'memory', authPerMinute: 100_000, ...overrides, adminToken });
  const { app, url } = await startApp(config, options);
  const auth = (token: string = adminToken) => ({ authorization: `Bearer ${token}` });
  const rest = async <T>(method: string, path: string, body?: unknown, token: string | null = adminToken) => {
    const headers: Record<string, string> = { ...(token === null ? {} : auth(token)), ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    const res = await fetch(`${url}/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T };
  };
  const ok = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const r = await rest<T>(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const h: Harness = {
    app,
    url,
    adminToken,
    auth,
    rest,
    tokenFor: (role, name = `test ${role}`, expiresInSeconds) => ok<CreatedApiToken>('POST', '/tokens', { name, role, ...(expiresInSeconds === undefined ? {} : { expiresInSeconds }) }),
    createJob: (body) => ok<JobView>('POST', '/jobs', body),
    startJob: (id) => ok<JobView>('POST', `/jobs/${id}/start`),
    job: (id) => ok<JobView>('GET', `/jobs/${id}`),
    async weights(hash) {
      const res = await fetch(`${url}/api/models/${hash}/weights`, { headers: auth() });
      if (res.status !== 200 || res.headers.get('content-type') !== 'application/octet-stream')
        throw new Error(`GET /models/${hash}/weights → ${res.status} ${res.headers.get('content-type')}`);
      return deserializeWeights(new Uint8Array(await res.arrayBuffer())).data;
    },
    async waitJob(id, pred, ms = 30000) {
      const end = Date.now() + ms;
      for (;;) {
        const j = await h.job(id);
        if (pred(j)) return j;
        if (Date.now() > end) throw new Error(`timed out waiting for job ${id}: ${JSON.stringify({ status: j.status, reason: j.statusReason, rounds: j.rounds.map((r) => [r.round, r.attempt, r.phase, r.failureReason]) })}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async runJob(body, ms = 60_000) {
      const created = await h.createJob(body);
      const x0 = await h.weights(created.modelHash);
      await h.startJob(created.id);
      const done = await h.waitJob(created.id, (j) => j.status === 'completed' || j.status === 'failed', ms);
      return { created, x0, done };
    },
    close: () => app.close(),
  };
  return h;
}

/** The clients of a {@link scriptedSuite}: connected (and enrolled) ones are closed by the suite. */
export interface SuiteClients {
  enrol(script?: ClientScript): Promise<ScriptedClient>;
  /** Connected, not registered. */
  connect(script?: ClientScript): Promise<ScriptedClient>;
}

/**
 * A harness for one describe block: started before its tests (`use` gets
 * it) and closed after them. Every client made through the returned
 * functions is closed after each test (`closeClients: 'each'`) or after all
 * of them (default).
 */
export function scriptedSuite(use: (h: Harness) => void, o: SuiteOptions = {}): SuiteClients {
  let h!: Harness;
  const track = harnessSuite<ScriptedClient>((x) => use((h = x)), o);
  return {
    enrol: async (script = {}) => track(await ScriptedClient.enrol(h, script)),
    connect: async (script = {}) => track(await ScriptedClient.connect(h.url, script)),
  };
}

export interface SuiteOptions {
  closeClients?: 'each' | 'all';
  config?: Partial<CoordinatorConfig>;
}

/**
 * The lifecycle of {@link scriptedSuite} for any kind of client: the harness
 * starts before the describe block's tests (`use` gets it) and closes after
 * them; every client passed to the returned `track` is closed after each test
 * (`closeClients: 'each'`) or after all of them (default).
 */
export function harnessSuite<C extends { close(): void }>(use: (h: Harness) => void, o: SuiteOptions = {}): (client: C) => C {
  let h: Harness;
  const all: C[] = [];
  const closeAll = () => {
    for (const c of all.splice(0)) c.close();
  };
  beforeAll(async () => {
    h = await startHarness(o.config);
    use(h);
  });
  if (o.closeClients === 'each') afterEach(closeAll);
  afterAll(async () => {
    closeAll();
    await h.close();
  });
  return (c) => (all.push(c), c);
}

/** Waits until `pred` holds, polling every 10 ms. */
export async function until(pred: () => boolean, ms = 10000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
