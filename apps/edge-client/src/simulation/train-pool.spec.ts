import { Worker } from 'node:worker_threads';
import { errorCode } from '../errors';
import { TrainPool } from './train-pool';

/**
 * A stand-in training thread speaking the pool's protocol: doubles `value`
 * after `ms`, fails with `fail`, exits with `die`, stops on `abort`.
 */
const THREAD = `
const { parentPort, threadId } = require('node:worker_threads');
const running = new Map();
parentPort.on('message', (m) => {
  if (m.type === 'init') return parentPort.postMessage({ id: m.id, ok: true, backend: m.backend });
  if (m.type === 'abort') {
    const t = running.get(m.target);
    if (!t) return;
    clearTimeout(t);
    running.delete(m.target);
    return parentPort.postMessage({ id: m.target, ok: false, code: 'CANCELLED', message: 'aborted' });
  }
  const r = m.request;
  if (r.die) process.exit(3);
  if (r.fail) return parentPort.postMessage({ id: m.id, ok: false, code: r.fail, message: 'it failed' });
  running.set(m.id, setTimeout(() => {
    running.delete(m.id);
    parentPort.postMessage({ id: m.id, ok: true, outcome: { value: 2 * r.value, thread: threadId, at: Date.now() } });
  }, r.ms ?? 0));
});
`;

type Outcome = { value: number; thread: number; at: number };
const FAR = () => Date.now() + 60_000;

describe(TrainPool.name, () => {
  let pool: TrainPool | null = null;
  let spawned = 0;
  const start = (size: number) =>
    TrainPool.start({
      size,
      spawn: () => {
        spawned++;
        return new Worker(THREAD, { eval: true });
      },
      init: { backend: 'wasm' },
    });
  beforeEach(() => (spawned = 0));
  afterEach(async () => {
    await pool?.close();
    pool = null;
  });

  it('runs every task on one of its threads, at most one task per thread at a time', async () => {
    // Prepare
    pool = await start(2);

    // Execute
    const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => pool!.run<Outcome>({ value: i, ms: 30 }, FAR())));

    // Assert
    expect(pool.backend).toBe('wasm');
    expect(outcomes.map((o) => o.value)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(new Set(outcomes.map((o) => o.thread)).size).toBe(2);
    expect(pool.stats).toMatchObject({ workers: 2, queued: 0, running: 0, completed: 6, failed: 0, peakQueued: 4 });
  });

  it('runs the waiting task with the earliest deadline first', async () => {
    pool = await start(1);
    const busy = pool.run<Outcome>({ value: 0, ms: 100 }, FAR());
    const late = pool.run<Outcome>({ value: 1 }, Date.now() + 50_000);
    const soon = pool.run<Outcome>({ value: 2 }, Date.now() + 20_000);

    const [, a, b] = await Promise.all([busy, late, soon]);

    expect(b.at).toBeLessThanOrEqual(a.at);
  });

  it('drops a task cancelled while it waits, and stops one cancelled while it runs', async () => {
    pool = await start(1);
    const running = new AbortController();
    const waiting = new AbortController();
    const first = pool.run({ value: 1, ms: 10_000 }, FAR(), running.signal);
    const second = pool.run({ value: 2 }, FAR(), waiting.signal);

    waiting.abort();
    running.abort();

    await expect(second).rejects.toMatchObject({ code: 'CANCELLED', message: expect.stringMatching(/waiting/) });
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED', message: 'aborted' });
    expect(await pool.run<Outcome>({ value: 3 }, FAR())).toMatchObject({ value: 6 });
  });

  it('hands back a task whose deadline passed while it waited, without running it', async () => {
    pool = await start(1);
    const busy = pool.run({ value: 0, ms: 150 }, FAR());
    const stale = pool.run({ value: 1 }, Date.now() + 50);

    await expect(stale).rejects.toMatchObject({ code: 'DEADLINE_PASSED' });
    await busy;
    expect(pool.stats.completed).toBe(1);
  });

  it("passes a thread's error code on, and replaces a thread that dies", async () => {
    pool = await start(1);

    await expect(pool.run({ fail: 'BAD_MODEL' }, FAR())).rejects.toMatchObject({ code: 'BAD_MODEL', message: 'it failed' });
    const died = await pool.run({ die: true }, FAR()).catch((e: unknown) => e);
    expect((died as Error).message).toMatch(/exited with code 3/);
    expect(errorCode(died)).toBe('INTERNAL');

    expect(await pool.run<Outcome>({ value: 5 }, FAR())).toMatchObject({ value: 10 });
    expect(spawned).toBe(2);
    expect(pool.stats).toMatchObject({ workers: 1, failed: 2, completed: 1 });
  });

  it('fails the waiting tasks when no thread can replace the last one', async () => {
    pool = await TrainPool.start({ size: 1, spawn: () => new Worker(spawned++ === 0 ? THREAD : 'process.exit(4)', { eval: true }), init: { backend: 'wasm' } });
    const dies = expect(pool.run({ die: true }, FAR())).rejects.toThrow(/exited with code 3/);
    const waiting = expect(pool.run({ value: 1 }, FAR())).rejects.toThrow(/exited with code 4/);

    await dies;
    await waiting;
    expect(pool.stats.workers).toBe(0);
  });

  it('refuses new tasks and fails waiting ones once closed', async () => {
    pool = await start(1);
    const running = expect(pool.run({ value: 0, ms: 5_000 }, FAR())).rejects.toThrow(/exited/);
    const waiting = expect(pool.run({ value: 1 }, FAR())).rejects.toMatchObject({ code: 'CANCELLED' });

    await pool.close();

    await waiting;
    await running;
    await expect(pool.run({ value: 2 }, FAR())).rejects.toMatchObject({ code: 'CANCELLED' });
    pool = null;
  });
});
