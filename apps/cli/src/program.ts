/**
 * @module program
 * The `fl` command tree (commander) and {@link runCli}, which runs one
 * command line and returns its exit code instead of exiting, so the unit
 * tests drive the real parser with their own streams and environment.
 */
import { Command, CommanderError } from 'commander';
import { action } from './commands/action';
import { registerAudit } from './commands/audit';
import { registerAuth } from './commands/auth';
import { registerClients } from './commands/clients';
import { registerEnrollTokens } from './commands/enroll-tokens';
import { registerHealth } from './commands/health';
import { registerJobs } from './commands/jobs';
import { registerModels } from './commands/models';
import type { Act } from './commands/register';
import { registerTokens } from './commands/tokens';
import type { CliDeps, Context } from './context';
import { errorReport, EXIT_OK, EXIT_USAGE, formatError } from './errors';

export const VERSION = '0.1.0';

const ENV_HELP = `
Environment:
  FL_URL, FL_TOKEN   coordinator URL and admin token (override the stored login)
  XDG_CONFIG_HOME    the login is kept in $XDG_CONFIG_HOME/fedlearn/cli.json (else ~/.config/fedlearn/cli.json)

Exit codes: 0 ok, 1 the coordinator refused or failed (or a watched job did not complete), 2 usage.`;

export function buildProgram(deps: CliDeps, onContext: (c: Context) => void): Command {
  const program = new Command('fl')
    .description('Admin CLI of the fedlearn coordinator')
    .version(VERSION)
    .option('--json', 'machine-readable output: one JSON document (JSON lines for `jobs watch`)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => deps.io.out(s.replace(/\n$/, '')), writeErr: (s) => deps.io.err(s.replace(/\n$/, '')) })
    .addHelpText('after', ENV_HELP);
  const act: Act = (body) => action(deps, body, onContext);
  for (const register of [registerAuth, registerTokens, registerEnrollTokens, registerClients, registerJobs, registerModels, registerAudit, registerHealth]) register(program, act);
  return program;
}

/** Runs `fl <argv…>`; resolves with the exit code (never exits the process). */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  let ctx: Context | null = null;
  const program = buildProgram(deps, (c) => (ctx = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return (ctx as Context | null)?.exitCode ?? EXIT_OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander already printed its message (or the help / version).
      return e.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    const report = errorReport(e);
    deps.io.err(formatError(report, (ctx as Context | null)?.json ?? argv.includes('--json')));
    return report.exitCode;
  }
}
