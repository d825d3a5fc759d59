import { MessageChannel, Worker } from 'node:worker_threads';
import { WorkerRequests } from './worker-requests';

/** Answers `{ id, n }` with `{ id, n: 2n }` after `delay` ms, or `{ id, error }` for a negative n. */
const ECHO = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => setTimeout(() => parentPort.postMessage(m.n < 0 ? { id: m.id, error: 'negative' } : { id: m.id, n: 2 * m.n }), m.delay ?? 0));
`;

type Reply = { id: number; n?: number; error?: string };

describe(WorkerRequests.name, () => {
  let worker: Worker;
  let requests: WorkerRequests<Reply>;
  beforeEach(() => {
    worker = new Worker(ECHO, { eval: true });
    requests = new WorkerRequests<Reply>(worker);
    worker.on('message', (m: Reply) => requests.settle(m, (r) => (r.error ? new Error(r.error) : null)));
  });
  afterEach(() => worker.terminate());

  it('settles each request with the reply that carries its id, whatever the order replies come in', async () => {
    const slow = requests.send((id) => ({ id, n: 1, delay: 50 }));
    const fast = requests.send((id) => ({ id, n: 2 }));
    expect(await fast).toMatchObject({ n: 4 });
    expect(await slow).toMatchObject({ n: 2 });
    expect(requests.size).toBe(0);
  });

  it('rejects with the failure the reply names, and ignores replies no request waits for', async () => {
    await expect(requests.send((id) => ({ id, n: -1 }))).rejects.toThrow('negative');
    expect(requests.settle({ id: 999, n: 1 })).toBe(false);
  });

  it('fails every waiting and every later request once the thread is gone', async () => {
    const waiting = requests.send((id) => ({ id, n: 1, delay: 10_000 }));
    requests.fail(new Error('worker died'));
    await expect(waiting).rejects.toThrow('worker died');
    await expect(requests.send((id) => ({ id, n: 1 }))).rejects.toThrow('worker died');
  });

  it('rejects at once a message that cannot be posted', async () => {
    await expect(requests.send((id) => ({ id, fn: () => 1 }))).rejects.toThrow();
    expect(requests.size).toBe(0);
  });

  it('asks over a MessagePort too (a thread asking the event loop through its parentPort)', async () => {
    // Prepare: port2 stands for the event loop, answering on its own.
    const { port1, port2 } = new MessageChannel();
    port2.on('message', (m: { id: number; n: number }) => port2.postMessage({ id: m.id, n: 3 * m.n }));
    const overPort = new WorkerRequests<Reply>(port1);
    port1.on('message', (m: Reply) => overPort.settle(m));
    try {
      // Execute
      const [a, b] = await Promise.all([overPort.send((id) => ({ id, n: 1 })), overPort.send((id) => ({ id, n: 5 }))]);
      // Assert
      expect([a.n, b.n]).toEqual([3, 15]);
      expect(overPort.size).toBe(0);
    } finally {
      port1.close();
    }
  });
});
