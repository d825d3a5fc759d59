import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { allowedCores, pin, splitCores } from './cpu-pin';

describe('splitCores', () => {
  it('gives the first core to the measured process and the rest to the others', () => {
    expect(splitCores(2)).toEqual({ measured: [0], others: [1] });
    expect(splitCores(4)).toEqual({ measured: [0], others: [1, 2, 3] });
  });
  it('cannot split one core', () => {
    expect(splitCores(1)).toBeNull();
    expect(splitCores(0)).toBeNull();
  });
});

describe('pin (real taskset on a child process)', () => {
  const cores = availableParallelism();
  const run = cores >= 2 ? it : it.skip;
  run('moves a running process to the given core and back, and reads it from /proc', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const pid = child.pid!;
      pin(pid, [1]);
      expect(allowedCores(pid)).toEqual([1]);
      pin(pid, [0, 1]);
      expect(allowedCores(pid)).toEqual([0, 1]);
    } finally {
      child.kill('SIGKILL');
    }
  });
  it('refuses a bad core list and reports taskset errors with a code', () => {
    expect(() => pin(process.pid, [])).toThrow(expect.objectContaining({ code: 'TASKSET_FAILED' }));
    expect(() => pin(process.pid, [-1])).toThrow(expect.objectContaining({ code: 'TASKSET_FAILED' }));
    expect(() => pin(4_194_000, [0])).toThrow(expect.objectContaining({ code: 'TASKSET_FAILED' }));
  });
  it('reads this process’s own cores', () => {
    expect(allowedCores().length).toBeGreaterThanOrEqual(1);
  });
});
