/**
 * @module bench
 * `npm run bench -- <benchmark> [options]`: runs one benchmark against a
 * real coordinator child process and real edge-client processes, prints
 * progress, and prints its result as one JSON object on the LAST line.
 * Every child process is stopped however the run ends.
 */
import { parseArgs } from 'node:util';
import { BENCHMARKS } from './bench/registry';
import { runMain } from './proc/run-main';

function usage(): string {
  const list = BENCHMARKS.map((b) => `\n${b.name}: ${b.summary}\n${b.usage}`).join('\n');
  return `Usage: npm run bench -- <benchmark> [options] [--json]\n${list}\n\nCommon:\n  --json         progress as JSON lines\n  --help         this help`;
}

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage() + '\n');
    process.exit(name ? 0 : 2);
  }
  const bench = BENCHMARKS.find((b) => b.name === name);
  if (!bench) throw Object.assign(new Error(`unknown benchmark "${name}" (known: ${BENCHMARKS.map((b) => b.name).join(', ')})`), { code: 'USAGE' });
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      options: { ...bench.options, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    }));
  } catch (e) {
    throw Object.assign(new Error((e as Error).message), { code: 'USAGE' });
  }
  if (values.help) {
    process.stdout.write(usage() + '\n');
    return;
  }
  const json = values.json === true;
  const say = (line: string) => process.stdout.write((json && !line.startsWith('{') ? JSON.stringify({ event: 'info', message: line }) : line) + '\n');
  const result = await bench.run(values, { say, json });
  process.stdout.write(JSON.stringify(result) + '\n');
}

runMain('bench', usage, main);
