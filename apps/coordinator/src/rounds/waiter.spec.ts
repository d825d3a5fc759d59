import { FakeClock } from './testing/fake-clock';
import { Waiter, type WaitResult } from './waiter';

describe(Waiter.name, () => {
  it('resolves at once when the condition already holds', async () => {
    await expect(new Waiter(new FakeClock()).until(() => true, 1000)).resolves.toBe('met');
  });

  it('resolves on a poke once the condition holds, clearing its timer', async () => {
    const clock = new FakeClock();
    const w = new Waiter(clock);
    let ready = false;
    const p = w.until(() => ready, 1000);
    w.poke();
    ready = true;
    w.poke();
    await expect(p).resolves.toBe('met');
    expect(clock.pending).toBe(0);
  });

  it('always ends: at the deadline, or when stopped', async () => {
    const clock = new FakeClock();
    const w = new Waiter(clock);
    let r: WaitResult | undefined;
    void w.until(() => false, 1000).then((x) => (r = x));
    await clock.advance(999);
    expect(r).toBeUndefined();
    await clock.advance(1);
    expect(r).toBe('deadline');
    const p = w.until(() => false, 1_000_000);
    w.stop();
    await expect(p).resolves.toBe('stopped');
    await expect(w.until(() => false, 10)).resolves.toBe('stopped');
    expect(clock.pending).toBe(0);
  });
});
