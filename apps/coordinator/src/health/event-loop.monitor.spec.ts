import { EventLoopMonitor } from './event-loop.monitor';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const block = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end);
};

describe('EventLoopMonitor', () => {
  let monitor: EventLoopMonitor;
  beforeEach(() => (monitor = new EventLoopMonitor()));
  afterEach(() => monitor.onModuleDestroy());

  it('reports zeros before the first sample', () => {
    monitor.reset();
    expect(monitor.snapshot()).toMatchObject({ p50: 0, p99: 0, max: 0, mean: 0 });
  });

  it('reports lateness, not the 10 ms sampling interval, on a mostly idle loop', async () => {
    monitor.reset();
    await sleep(400);
    const s = monitor.snapshot();
    // The raw histogram's median here is the interval, ≈ 10.2 ms.
    expect(s.p50).toBeLessThan(8);
    expect(s.p50).toBeGreaterThanOrEqual(0);
    expect(s.seconds).toBeGreaterThan(0.3);
  });

  it('reports a synchronous block as its length, within one sampling period', async () => {
    await sleep(50);
    monitor.reset();
    await sleep(30);
    block(80);
    await sleep(30);
    const s = monitor.snapshot();
    // The timer was due somewhere in the first 10 ms of the block.
    expect(s.max).toBeGreaterThanOrEqual(69);
    expect(s.max).toBeLessThan(80 + 40);
    expect(s.max).toBeGreaterThanOrEqual(s.p99);
    expect(s.p99).toBeGreaterThanOrEqual(s.p50);
  });
});
