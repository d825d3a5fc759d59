/**
 * `npm run bench -- attack --quick` (docs/robust-aggregation.md "Attack
 * benchmark"): the real coordinator and 10 real fl-client processes, 2 of
 * them started with `--attack sign-flip`, 3 rounds of 1 local epoch of
 * mnist-cnn on Dirichlet(0.5) shards. Checks the ordering, not exact numbers:
 * the attack is real (unbounded FedAvg collapses far below the clean run) and
 * the trimmed mean keeps most of the clean accuracy; one progress line per
 * run, the summary last, and no child process left behind.
 */
import { processesMentioning, runTool } from './support/tool-process';

const runBench = (args: string[]) => runTool('bench.js', ['attack', ...args]);

jest.setTimeout(420_000);



interface Row {
  attack: string;
  defence: string;
  accuracy: number;
  rounds: number;
  status: string;
}

describe('npm run bench -- attack --quick (e2e)', () => {
  it('unbounded FedAvg collapses under 2 sign-flipping clients of 10; the trimmed mean stays near the clean run', async () => {
    // Execute
    const { code, stdout, stderr } = await runBench(['--quick', '--json']);

    // Assert
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const summary = lines[lines.length - 1] as { bench: string; clean: number; rows: Row[]; rounds: number; quick: boolean; clients: number; malicious: number };
    expect(summary).toMatchObject({ bench: 'attack', quick: true, rounds: 3, clients: 10, malicious: 2 });
    expect(summary.rows.map((r) => `${r.attack}/${r.defence}`)).toEqual(['sign-flip/fedavg-unbounded', 'sign-flip/trimmed-mean']);
    for (const r of summary.rows) expect(r).toMatchObject({ rounds: 3, status: 'completed' });

    // One progress line per finished run, the clean run first, with the numbers of the summary.
    const runs = lines.filter((l) => l.event === 'run') as unknown as Row[];
    expect(runs.map((r) => `${r.attack}/${r.defence}`)).toEqual(['none/fedavg', 'sign-flip/fedavg-unbounded', 'sign-flip/trimmed-mean']);
    expect(runs.map((r) => r.accuracy)).toEqual([summary.clean, ...summary.rows.map((r) => r.accuracy)]);
    // The attackers were started as such.
    const messages = lines.filter((l) => l.event === 'info').map((l) => String(l.message));
    expect(messages).toContain('attackers: attacker-sign-flip-8, attacker-sign-flip-9');

    // The ordering: the clean run learns; the attack is real; the trimmed mean resists it.
    const [unbounded, trimmed] = summary.rows.map((r) => r.accuracy);
    expect(summary.clean).toBeGreaterThan(0.75);
    expect(unbounded).toBeLessThan(summary.clean - 0.4);
    expect(trimmed).toBeGreaterThan(unbounded + 0.3);
    expect(trimmed).toBeGreaterThan(summary.clean - 0.3);

    // No child process outlives the bench.
    const dirs = messages.map((m) => /logs in (\S+);/.exec(m)?.[1]).filter(Boolean) as string[];
    expect(dirs).toHaveLength(1);
    expect(processesMentioning(dirs[0])).toEqual([]);
  });
});
