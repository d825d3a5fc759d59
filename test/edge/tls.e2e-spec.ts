/**
 * TLS end to end: a throwaway CA and server certificate (made here with
 * openssl), the real coordinator serving HTTPS/WSS and TLS on its bulk port,
 * and real fl-client processes given the CA with --ca running a
 * secure-aggregation round whose models and masked inputs (1.2 MB) take the
 * bulk channel. A client without --ca refuses the certificate and says so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JobStatus, type CreatedEnrollmentToken, type CreateEnrollmentTokenRequest, type JobView } from '@fl/protocol';
import { Children, scratchDir, startClients, startCoordinator, waitFor, withEnrollment } from './support/edge-fixture';
import { httpsJson, makeTestPki } from './support/tls-fixture';

jest.setTimeout(150_000);

const CLIENTS = 4;
/** 1.2 MB per model and masked input: above BULK_MIN_BYTES, so they take the bulk channel. */
const PARAMS = 300_000;

interface Health {
  bulk: { port: number | null; modelChunks: number; uploads: number; refused: number };
}

describe('coordinator and fl-client over TLS (e2e)', () => {
  const children = new Children();
  afterAll(() => children.stopAll());

  it('runs a secure round over HTTPS/WSS and the TLS bulk channel; a client without --ca refuses the certificate', async () => {
    // Prepare
    const dir = scratchDir('tls');
    const pki = makeTestPki(dir);
    const ca = readFileSync(pki.ca, 'utf8');
    const coordinator = await startCoordinator(children, { dataDir: join(dir, 'data'), logFile: join(dir, 'coordinator.log'), tls: { cert: pki.cert, key: pki.key } });
    const api = (method: string, path: string, body?: unknown) => httpsJson<JobView & Health & Array<{ name: string }>>(`${coordinator.url}/api${path}`, ca, coordinator.adminToken!, method, body);
    const issuer = { enrollmentTokens: { create: async (req: CreateEnrollmentTokenRequest) => (await httpsJson<CreatedEnrollmentToken>(`${coordinator.url}/api/enrollment-tokens`, ca, coordinator.adminToken!, 'POST', req)).body } };
    startClients(children, coordinator.url, await withEnrollment(issuer, Array.from({ length: CLIENTS }, (_, i) => ({ name: `tls-${i}`, data: 'synthetic', echo: true, examples: 10 + i, ca: pki.ca })), dir), dir);
    await waitFor('clients to register', async () => ((await api('GET', '/clients')).body as unknown as unknown[]).length >= CLIENTS, 60_000);

    // Execute: one secure round, then a client that does not trust the CA.
    const job = await api('POST', '/jobs', {
      name: 'e2e-tls',
      model: { builtin: 'synthetic', params: PARAMS },
      dataset: 'synthetic',
      rounds: 1,
      clientsPerRound: CLIENTS,
      minClients: CLIENTS,
      overSelection: 0,
      evaluate: false,
      roundDeadlineSeconds: 60,
      secureAggregation: { enabled: true },
    });
    expect(job.status).toBe(201);
    await api('POST', `/jobs/${job.body.id}/start`);
    const done = await waitFor('the job to finish', async () => {
      const j = (await api('GET', `/jobs/${job.body.id}`)).body;
      return j.status === JobStatus.Completed || j.status === JobStatus.Failed ? j : null;
    }, 90_000);
    const health = (await api('GET', '/health')).body;
    const [untrusting] = startClients(children, coordinator.url, await withEnrollment(issuer, [{ name: 'no-ca', data: 'synthetic', echo: true }], dir), dir);
    const warnings: string[] = [];
    untrusting.onLine((line, stream) => stream === 'stderr' && warnings.push(line));
    const code = await untrusting.exited;

    // Assert
    expect(coordinator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(done.status).toBe(JobStatus.Completed);
    expect(done.rounds.map((r) => r.participants.length)).toEqual([CLIENTS]);
    expect(health.bulk).toMatchObject({ modelChunks: CLIENTS, uploads: CLIENTS, refused: 0 });
    expect(code).toBe(1);
    const refusal = warnings.map((l) => (l.startsWith('{') ? (JSON.parse(l) as Record<string, unknown>) : {})).find((l) => l.event === 'tls_untrusted');
    expect(refusal).toMatchObject({ message: expect.stringContaining('give the CA that signed it with --ca FILE') });
  });
});
