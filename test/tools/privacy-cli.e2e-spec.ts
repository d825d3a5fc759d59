/**
 * The BUILT `privacy` command (`apps/tools/dist/privacy.js`, from `npm run
 * build`) as a child process: `epsilon` reproduces tensorflow_privacy's
 * published DP-SGD figure with its order grid, `calibrate` returns a noise
 * multiplier that `epsilon` confirms is within budget (and just barely),
 * each prints exactly one JSON line, and bad flags exit non-zero with every
 * problem named on stderr and nothing on stdout.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const BIN = resolve(__dirname, '../../apps/tools/dist/privacy.js');

function privacy(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first`);
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000 }, (err, stdout, stderr) =>
      done({ code: err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0, stdout, stderr }),
    );
  });
}

/** The single JSON line of stdout. */
function oneJsonLine(stdout: string): Record<string, unknown> {
  const lines = stdout.split('\n').filter((l) => l.length > 0);
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]) as Record<string, unknown>;
}

describe('npm run privacy', () => {
  it('epsilon: N = 60000, batch 150, z = 1.3, 15 epochs, δ = 1e-5 with the tf-privacy grid → ε 0.7242234 at order 19', async () => {
    const r = await privacy(['epsilon', '--q', '0.0025', '--noise', '1.3', '--steps', '6000', '--delta', '1e-5', '--orders', 'tf-privacy']);
    expect(r.code).toBe(0);
    const out = oneJsonLine(r.stdout);
    expect(Object.keys(out).sort()).toEqual(['epsilon', 'order']);
    expect(out.epsilon as number).toBeCloseTo(0.7242234026109595, 9);
    expect(out.order).toBe(19);
  });

  it('epsilon defaults to the dp-accounting grid (fractional orders)', async () => {
    const r = await privacy(['epsilon', '--q', '0.01', '--noise', '1', '--steps', '1000', '--delta', '1e-5']);
    expect(r.code).toBe(0);
    const out = oneJsonLine(r.stdout);
    expect(out.epsilon as number).toBeCloseTo(2.101, 3);
    expect(Number.isInteger(out.order)).toBe(false);
  });

  it('calibrate: 120 of 3383 clients, 100 rounds, ε = 2, δ = 1e-5 → z just under 1.2, and epsilon agrees', async () => {
    const q = String(120 / 3383);
    const c = await privacy(['calibrate', '--epsilon', '2', '--delta', '1e-5', '--q', q, '--steps', '100']);
    expect(c.code).toBe(0);
    const { noise } = oneJsonLine(c.stdout) as { noise: number };
    expect(noise).toBeGreaterThan(1.19);
    expect(noise).toBeLessThanOrEqual(1.2);
    const e = await privacy(['epsilon', '--q', q, '--noise', String(noise), '--steps', '100', '--delta', '1e-5']);
    expect(oneJsonLine(e.stdout).epsilon as number).toBeLessThanOrEqual(2);
    const less = await privacy(['epsilon', '--q', q, '--noise', String(noise * 0.999), '--steps', '100', '--delta', '1e-5']);
    expect(oneJsonLine(less.stdout).epsilon as number).toBeGreaterThan(2);
  });

  it('bad flags: non-zero exit, every problem on stderr, nothing on stdout', async () => {
    const r = await privacy(['epsilon', '--q', '2', '--noise', 'x', '--steps', '1.5', '--orders', 'abadi', '--bogus', '1']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    for (const s of ["Unknown option '--bogus'", '--q="2": must be in (0, 1]', '--noise="x": must be a number', '--steps="1.5": must be an integer', '--orders="abadi"', '--delta: missing']) {
      expect(r.stderr).toContain(s);
    }
    const missing = await privacy(['calibrate', '--epsilon', '1']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('--q: missing');
    const unknown = await privacy(['spend']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('unknown command "spend"');
    const delta = await privacy(['epsilon', '--q', '0.1', '--noise', '1', '--steps', '10', '--delta', '1']);
    expect(delta.code).not.toBe(0);
    expect(delta.stderr).toContain('--delta="1": must be in (0, 1)');
  });
});
