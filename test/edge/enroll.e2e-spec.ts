/**
 * Enrollment of real fl-client processes (docs/enrollment.md): a client
 * without an enrollment and without a token exits at once with ENROLLMENT;
 * a client enrolled once with a token keeps its identity (the identity file,
 * mode 0600) across a restart without the token; `GET /api/clients` shows
 * the backend and the software and protocol version it registered with; a
 * revoked client exits with code 1.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Backend, PROTOCOL_VERSION } from '@fl/protocol';
import { Children, ApiClient, REPO_ROOT, scratchDir, startClients, startCoordinator, waitFor, waitForClients, withEnrollment } from './support/edge-fixture';

jest.setTimeout(90_000);

const CLIENT_MAIN = join(REPO_ROOT, 'apps/edge-client/dist/main.js');

describe('fl-client enrollment (e2e)', () => {
  const children = new Children();
  afterAll(() => children.stopAll());

  it('refuses to start without an enrollment or a token, keeps its identity across a restart, and exits when revoked', async () => {
    // Prepare
    const dir = scratchDir('enroll');
    const coordinator = await startCoordinator(children, { dataDir: join(dir, 'data'), logFile: join(dir, 'coordinator.log') });
    const api = new ApiClient({ baseUrl: coordinator.url, token: coordinator.adminToken! });

    // Execute / Assert: no enrollment, no token → exit 2 with ENROLLMENT, before connecting
    const bare = children.spawn({
      name: 'bare',
      command: process.execPath,
      args: [CLIENT_MAIN, '--coordinator', coordinator.url, '--data', 'synthetic', '--echo', '--name', 'bare', '--identity', join(dir, 'bare.json')],
      cwd: REPO_ROOT,
      env: { FL_ENROLL_TOKEN: '' },
    });
    const stderr: string[] = [];
    bare.onLine((line, stream) => stream === 'stderr' && stderr.push(line));
    expect(await bare.exited).toBe(2);
    expect(stderr.join('\n')).toMatch(/ENROLLMENT: the identity .*bare\.json is not enrolled yet: start this client once with --enroll-token/);
    expect((await api.clients.list()).filter((c) => c.name === 'bare')).toEqual([]);

    // enrolls once with its token
    const [spec] = await withEnrollment(api, [{ name: 'site-a', data: 'synthetic', echo: true, examples: 10 }], dir);
    const [first] = startClients(children, coordinator.url, [spec], dir);
    await waitForClients(api, 'synthetic', 1, 30_000);
    const enrolled = (await api.clients.list()).find((c) => c.name === 'site-a')!;
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'apps/edge-client/package.json'), 'utf8')) as { version: string };
    expect(enrolled).toMatchObject({ backend: Backend.None, clientVersion: version, protocolVersion: PROTOCOL_VERSION });
    const file = JSON.parse(readFileSync(spec.identity, 'utf8')) as { enrollment: { clientId: string; coordinatorId: string } };
    expect(file.enrollment).toEqual({ clientId: enrolled.id, coordinatorId: expect.stringMatching(/^co_[0-9a-f]{32}$/) });
    expect(statSync(spec.identity).mode & 0o777).toBe(0o600);
    await children.stop(first);
    await waitFor('the client to go offline', async () => (await api.clients.list()).find((c) => c.id === enrolled.id)?.connected === false, 15_000);

    // restarts without the token (already used): same identity
    const [again] = startClients(children, coordinator.url, [{ ...spec, enrollToken: undefined }], dir);
    await waitFor('the client to come back', async () => (await api.clients.list()).find((c) => c.id === enrolled.id)?.connected === true, 30_000);
    expect((await api.clients.list()).filter((c) => c.name === 'site-a')).toHaveLength(1);

    // revoked: the process exits with code 1
    await api.clients.revoke(enrolled.id);
    expect(await again.exited).toBe(1);
  });
});
