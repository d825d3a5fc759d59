/**
 * @module privacy
 * `npm run privacy -- epsilon …` and `npm run privacy -- calibrate …`: the RDP
 * accountant of @fl/privacy from the command line (docs/privacy.md). Each
 * prints one JSON line: `{"epsilon":…,"order":…}` for the ε spent by T
 * rounds of the Poisson-subsampled Gaussian (Mironov, Talwar, Zhang 2019),
 * or `{"noise":…}` for the smallest noise multiplier within a target (ε, δ).
 * `--orders` picks the order grid of tf-privacy, dp-accounting (default) or
 * Opacus, so results compare exactly with theirs. Bad flags exit 1 with
 * every problem listed.
 */
import { int, oneOf, parseOptions, real, usageRows, type CliOption } from '@fl/cli-options';
import { DEFAULT_ORDER_GRID, ORDER_GRIDS, calibrateNoise, gaussianEpsilon, type OrderGridName } from '@fl/privacy';
import { runMain } from './proc/run-main';

const q: CliOption = { key: 'q', flag: '--q', metavar: 'Q', kind: real(0, 1, { exclusiveMin: true }), help: 'Poisson sampling rate per round, in (0, 1]   [required]' };
const steps: CliOption = { key: 'steps', flag: '--steps', metavar: 'T', kind: int(1, 1e9), help: 'number of rounds   [required]' };
const delta: CliOption = { key: 'delta', flag: '--delta', metavar: 'D', kind: real(0, 1, { exclusiveMin: true, exclusiveMax: true }), help: 'target δ, in (0, 1); keep it well below 1/N   [required]' };
const orders: CliOption = { key: 'orders', flag: '--orders', metavar: 'GRID', kind: oneOf(ORDER_GRIDS), default: DEFAULT_ORDER_GRID, help: `RDP order grid: ${ORDER_GRIDS.join(' | ')} (default: ${DEFAULT_ORDER_GRID})` };

const COMMANDS = {
  epsilon: {
    summary: 'ε spent by T rounds of the Poisson-subsampled Gaussian mechanism',
    options: [q, { key: 'noise', flag: '--noise', metavar: 'Z', kind: real(0, 1e9, { exclusiveMin: true }), help: 'noise multiplier z = σ / sensitivity, > 0   [required]' }, steps, delta, orders],
  },
  calibrate: {
    summary: 'smallest noise multiplier with ε ≤ E after T rounds (relative tolerance 1e-6)',
    options: [{ key: 'epsilon', flag: '--epsilon', metavar: 'E', kind: real(0, 1e6, { exclusiveMin: true }), help: 'target ε, > 0   [required]' }, delta, q, steps, orders],
  },
} satisfies Record<string, { summary: string; options: CliOption[] }>;
type Command = keyof typeof COMMANDS;

function usage(): string {
  const parts = Object.entries(COMMANDS).map(([name, c]) => `npm run privacy -- ${name} [options]\n  ${c.summary}\n${usageRows(c.options, { flagWidth: 18, envWidth: 0, showDefault: false }).join('\n')}`);
  return `Usage:\n${parts.join('\n\n')}\n\nEach prints one JSON line on stdout.`;
}

const usageError = (message: string) => Object.assign(new Error(message), { code: 'USAGE' });

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return;
  }
  if (!name || !(name in COMMANDS)) throw usageError(name ? `unknown command "${name}" (known: ${Object.keys(COMMANDS).join(', ')})` : 'missing command');
  const command = COMMANDS[name as Command];
  const { values, problems } = parseOptions(command.options, rest, {});
  for (const o of command.options) if (o.default === undefined && values[o.key] === undefined && !problems.some((p) => p.startsWith(o.flag))) problems.push(`${o.flag}: missing (required)`);
  if (problems.length > 0) throw usageError(problems.join('; '));
  const grid = values.orders as OrderGridName;
  if (name === 'epsilon') {
    const r = gaussianEpsilon({ q: values.q as number, noiseMultiplier: values.noise as number, steps: values.steps as number, delta: values.delta as number, orders: grid });
    process.stdout.write(JSON.stringify({ epsilon: r.epsilon, order: r.order }) + '\n');
  } else {
    const c = calibrateNoise({ epsilon: values.epsilon as number, delta: values.delta as number, q: values.q as number, steps: values.steps as number, orders: grid });
    process.stdout.write(JSON.stringify({ noise: c.noise }) + '\n');
  }
}

runMain('privacy', usage, main);
