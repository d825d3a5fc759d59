/**
 * WorkerClient against real worker threads: replies reach their requests,
 * a dying thread fails only its own requests, and a replacement started in
 * between keeps its own.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerClient } from './worker-client';

/** Echoes `{ id, n: n * 2 }`; throws (an uncaught error: 'error', then 'exit') on `crash`; never answers `hang`. */
const SCRIPT = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => {
  if (m.crash) throw new Error('boom');
  if (m.hang) return;
  parentPort.postMessage({ id: m.id, n: m.n * 2 });
});
`;

describe(WorkerClient.name, () => {
  const file = join(mkdtempSync(join(tmpdir(), 'fl-worker-client-')), 'echo.worker.js');
  writeFileSync(file, SCRIPT);
  const warnings: string[] = [];
  let client: WorkerClient<{ id: number; n: number }>;
  beforeEach(() => (client = new WorkerClient(file, 'echo worker', 'echo worker not built', (m) => warnings.push(m))));
  afterEach(() => client.close());

  it('answers each request with its own reply', async () => {
    const w = client.started()!;
    const replies = await Promise.all([1, 2, 3].map((n) => client.request(w, { n })));
    expect(replies.map((r) => r.n)).toEqual([2, 4, 6]);
    expect(client.started()).toBe(w);
  });

  it("fails the dead thread's requests, not those of the replacement started after its 'error'", async () => {
    const w1 = client.started()!;
    const hung = client.request(w1, { hang: true, n: 0 });
    let second: Promise<{ n: number }> | undefined;
    w1.once('error', () => {
      // 'exit' of w1 is still to come
      const w2 = client.started()!;
      expect(w2).not.toBe(w1);
      second = client.request(w2, { n: 21 });
    });
    void client.request(w1, { crash: true, n: 0 }).catch(() => undefined);
    await expect(hung).rejects.toThrow('boom');
    await new Promise<void>((r) => w1.once('exit', () => r()));
    expect(second).toBeDefined();
    await expect(second).resolves.toMatchObject({ n: 42 });
  }, 20_000); // starts three worker threads: over jest's 5 s default on a loaded 2-core machine

  it('refuses a request to a thread that is no longer the running one', async () => {
    const w = client.started()!;
    await client.close();
    await expect(client.request(w, { n: 1 })).rejects.toThrow('echo worker exited');
  });

  it('without a file returns null and warns once', () => {
    const c = new WorkerClient<{ id: number }>(null, 'x worker', 'x worker not built', (m) => warnings.push(m));
    expect(c.started()).toBeNull();
    expect(c.started()).toBeNull();
    expect(warnings.filter((w) => w === 'x worker not built')).toHaveLength(1);
  });
});
