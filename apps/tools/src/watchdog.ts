/**
 * @module watchdog
 * `node apps/tools/dist/watchdog.js --idle-seconds S [--retries R] -- CMD ARGS…`:
 * runs CMD under proc/idle-watchdog. If CMD prints nothing for S seconds the
 * whole process group is killed with a report of what each thread was waiting
 * on, and CMD runs again, at most R more times (default 1), each retry
 * announced; a CMD that fails on its own is not retried. Exits with CMD's
 * code, or 124 when the last try stalled.
 */
import { runWatched } from './proc/idle-watchdog';

const USAGE = 'usage: watchdog --idle-seconds S [--retries R] -- CMD [ARGS…]';

async function main(argv: string[]): Promise<number> {
  const sep = argv.indexOf('--');
  const own = sep < 0 ? argv : argv.slice(0, sep);
  const cmd = sep < 0 ? [] : argv.slice(sep + 1);
  let idle = NaN;
  let retries = 1;
  for (let i = 0; i < own.length; i += 2) {
    const v = Number(own[i + 1]);
    if (own[i] === '--idle-seconds' && Number.isFinite(v) && v > 0) idle = v;
    else if (own[i] === '--retries' && Number.isInteger(v) && v >= 0 && v <= 5) retries = v;
    else throw new Error(`bad option ${own[i]} ${own[i + 1] ?? ''}\n${USAGE}`);
  }
  if (!Number.isFinite(idle) || cmd.length === 0) throw new Error(USAGE);
  for (let attempt = 0; ; attempt++) {
    const r = await runWatched(cmd[0], cmd.slice(1), { idleMs: idle * 1000 });
    if (!r.stalled) return r.code ?? 1;
    if (attempt >= retries) {
      process.stderr.write(`watchdog: \`${cmd.join(' ')}\` stalled ${attempt + 1} time(s); giving up\n`);
      return 124;
    }
    process.stderr.write(`watchdog: \`${cmd.join(' ')}\` stalled; running it again (retry ${attempt + 1} of ${retries})\n`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`watchdog: ${(e as Error).message}\n`);
    process.exit(2);
  },
);
