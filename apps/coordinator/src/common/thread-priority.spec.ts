import { Worker } from 'node:worker_threads';
import { getPriority } from 'node:os';
import { lowerThisThread, WORKER_NICE } from './thread-priority';
import { sourceWorker } from './testing/source-worker';

/** Calls lowerThisThread (its source) in a real worker thread; resolves with what it applied and the thread's priority before and after. */
function inWorker(env: Record<string, string>): Promise<{ applied: number; before: number; after: number }> {
  const src = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { getPriority } = require('node:os');
    const before = getPriority();
    const applied = require(workerData.file).lowerThisThread(workerData.env);
    parentPort.postMessage({ applied, before, after: getPriority() });
  `;
  return new Promise((resolve, reject) => {
    const w = new Worker(src, { eval: true, workerData: { file: sourceWorker('common/thread-priority.ts'), env } });
    w.once('message', (m) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

describe('lowerThisThread', () => {
  const linux = process.platform === 'linux' ? it : it.skip;

  linux('lowers only the calling thread, by FL_WORKER_NICE levels or the default', async () => {
    const main = getPriority();
    const three = await inWorker({ FL_WORKER_NICE: '3' });
    const dflt = await inWorker({});
    expect(three).toEqual({ applied: Math.min(3, 19 - main), before: main, after: Math.min(19, main + 3) });
    expect(dflt).toEqual({ applied: Math.min(WORKER_NICE, 19 - main), before: main, after: Math.min(19, main + WORKER_NICE) });
    expect(getPriority()).toBe(main); // the event loop's thread is untouched
  });

  it('does nothing when turned off or given nonsense', () => {
    const main = getPriority();
    for (const v of ['0', '-3', 'high', '25', '2.5']) expect(lowerThisThread({ FL_WORKER_NICE: v })).toBe(0);
    expect(getPriority()).toBe(main);
  });
});
