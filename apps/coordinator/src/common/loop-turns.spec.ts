import { LoopTurns } from './loop-turns';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

describe(LoopTurns.name, () => {
  it('lets one caller go per event-loop iteration, in order, never in the calling tick', async () => {
    // Prepare
    const turns = new LoopTurns();
    const log: string[] = [];
    // Execute
    const all = ['a', 'b', 'c'].map((name) =>
      turns.turn().then(() => {
        log.push(name);
        queueMicrotask(() => log.push(`${name} done`)); // finishes before the next caller starts: its own macrotask
      }),
    );
    await Promise.resolve();
    const synchronously = [...log];
    await Promise.all(all);
    // Assert
    expect(synchronously).toEqual([]);
    expect(log).toEqual(['a', 'a done', 'b', 'b done', 'c', 'c done']);
  });

  it('runs timers that fall due between two turns (the loop is not held across callers)', async () => {
    const turns = new LoopTurns();
    const log: string[] = [];
    await Promise.all([
      turns.turn().then(() => {
        log.push('first');
        setTimeout(() => log.push('timer'), 1);
        busy(5); // a long synchronous step, e.g. one 4 MB socket write; the timer is due when it ends
      }),
      turns.turn().then(() => log.push('second')),
    ]);
    expect(log).toEqual(['first', 'timer', 'second']);
  });

  it('starts again after it ran dry', async () => {
    const turns = new LoopTurns();
    await turns.turn();
    await turns.turn();
    await expect(turns.turn()).resolves.toBeUndefined();
  });
});
