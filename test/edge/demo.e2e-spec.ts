/**
 * `npm run demo` contract, on a small run (3 clients, 2 rounds): progress
 * as JSON lines with --json, one round event per round, the final JSON line
 * with exactly the documented keys, and no child process left behind. The
 * demo runs with secure aggregation (the default); the same run with
 * `--plain` must reach the same held-out accuracy within 0.5 points.
 */
import { processesMentioning, runTool } from './support/tool-process';

const runDemo = (args: string[]) => runTool('demo.js', args);

jest.setTimeout(240_000);

const resultOf = (stdout: string) => {
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, result: lines[lines.length - 1] };
};

describe('npm run demo (e2e)', () => {
  let secureAccuracy = NaN;

  it('runs 2 rounds with 3 clients, prints the result contract last and leaves no process behind', async () => {
    // Execute
    const { code, stdout, stderr } = await runDemo(['--clients', '3', '--rounds', '2', '--json']);

    // Assert
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const { lines, result } = resultOf(stdout);
    secureAccuracy = result.accuracy as number;
    expect(Object.keys(result)).toEqual(['rounds', 'clients', 'accuracy', 'loss', 'seconds', 'backend']);
    expect(result).toMatchObject({ rounds: 2, clients: 3, backend: 'wasm' });
    expect(result.accuracy).toBeGreaterThan(0.6);
    expect(result.accuracy).toBeLessThanOrEqual(1);
    expect(Number.isFinite(result.loss) && (result.loss as number) > 0).toBe(true);
    expect(result.seconds).toBeGreaterThan(0);

    const rounds = lines.filter((l) => l.event === 'round');
    expect(rounds.map((r) => [r.round, r.phase, r.participants])).toEqual([
      [1, 'done', 3],
      [2, 'done', 3],
    ]);
    // Secure aggregation ran every round: complete graph of 3, t = 3, nobody dropped.
    expect(rounds.map((r) => r.secure)).toEqual([
      { k: 2, t: 3, n: 3, survivors: 3, dropped: 0 },
      { k: 2, t: 3, n: 3, survivors: 3, dropped: 0 },
    ]);
    expect(lines.find((l) => l.secureAggregation !== undefined)).toMatchObject({ secureAggregation: true });
    const url = lines.find((l) => typeof l.url === 'string')!.url as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.some((l) => typeof l.docs === 'string')).toBe(true);
    expect(lines.find((l) => typeof l.dashboard === 'string')).toMatchObject({ dashboard: `${url}/`, adminToken: expect.stringMatching(/^flt_/) });
    // Every child is gone: nothing serves the coordinator's port, no client points at it.
    await expect(fetch(`${url}/api/clients`)).rejects.toThrow();
    expect(processesMentioning(url)).toEqual([]);
  });

  it('reaches the same accuracy with plain FedAvg (--plain) at equal rounds, within 0.5 points', async () => {
    const { code, stdout, stderr } = await runDemo(['--clients', '3', '--rounds', '2', '--json', '--plain']);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const { lines, result } = resultOf(stdout);
    expect(lines.filter((l) => l.event === 'round').map((r) => r.secure)).toEqual([null, null]);
    expect(Number.isFinite(secureAccuracy)).toBe(true);
    expect(Math.abs((result.accuracy as number) - secureAccuracy)).toBeLessThanOrEqual(0.005);
  });
});
