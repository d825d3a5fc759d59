/**
 * `npm run bench -- accuracy --quick`: the NIID-Bench Fashion-MNIST pipeline
 * end to end with the real coordinator and real fl-client processes (3
 * parties, 2 rounds of 1 local epoch, secure aggregation, niid-cnn with
 * SGD momentum 0.9 and weight decay): one JSON line per round evaluated on
 * the 10 000 test images, accuracy above 70 % after round 2, the summary
 * last, the partition document on disk, and no child process left behind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { processesMentioning, runTool } from './support/tool-process';

const runBench = (args: string[]) => runTool('bench.js', ['accuracy', ...args]);

jest.setTimeout(420_000);



describe('npm run bench -- accuracy --quick (e2e)', () => {
  it('trains niid-cnn over a seeded partition, evaluates every round on the test set and climbs above 70 %', async () => {
    // Execute
    const { code, stdout, stderr } = await runBench(['--quick', '--json']);

    // Assert
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = lines[lines.length - 1];
    expect(summary).toMatchObject({ bench: 'accuracy', model: 'niid-cnn', partition: 'iid', secure: true, rounds: 2, clients: 3, testExamples: 10_000, momentum: 0.9, weightDecay: 1e-5 });
    for (const key of ['accuracy', 'partition', 'secure', 'seconds', 'secondsPerRound', 'wallSeconds']) expect(summary).toHaveProperty(key);

    const messages = lines.filter((l) => l.event === 'info').map((l) => String(l.message));
    const rounds = lines.filter((l) => l.event === 'round') as Record<string, number>[];
    expect(rounds.map((r) => r.round)).toEqual([1, 2]);
    for (const r of rounds) {
      expect(Object.keys(r)).toEqual(['event', 'round', 'accuracy', 'loss', 'seconds']);
      expect(r.seconds).toBeGreaterThan(0);
    }
    expect(rounds[1].accuracy).toBeGreaterThan(0.7);
    expect(summary.accuracy).toBe(rounds[1].accuracy);

    // The partition document is on disk, with its seed, and covers the 24 000 images.
    const info = messages.find((m) => m.startsWith('partition '))!;
    const file = /(\/\S+partition\.json)/.exec(info)![1];
    expect(existsSync(file)).toBe(true);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { partition: string; seed: number; examples: number; parties: number[][] };
    expect(doc).toMatchObject({ partition: 'iid', seed: 1, examples: 24_000 });
    expect(new Set(doc.parties.flat()).size).toBe(24_000);

    const url = /coordinator (http:\/\/\S+);/.exec(messages.find((m) => m.startsWith('coordinator '))!)![1];
    await expect(fetch(`${url}/api/clients`)).rejects.toThrow();
    expect(processesMentioning(url)).toEqual([]);
  });

  it('refuses a bad partition before starting anything', async () => {
    const { code, stderr } = await runBench(['--quick', '--partition', 'dir:0']);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/--partition: .*"dir:0" is not a partition/);
  });
});
