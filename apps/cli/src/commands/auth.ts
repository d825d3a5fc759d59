/**
 * @module commands/auth
 * `fl login`, `fl logout`, `fl whoami`. Login verifies the token with
 * `GET /api/auth/me` before storing it, and never prints it.
 */
import { readFileSync } from 'node:fs';
import { ApiClient } from '@fl/api-client';
import type { Command } from 'commander';
import { checkUrl, removeLogin, writeLogin } from '../config';
import { CliError } from '../errors';
import { fields } from '../output';
import type { Register } from './register';

/** `--token -`: the first line of stdin (keeps the secret out of the process list and shell history). */
function readStdinLine(): string {
  return readFileSync(0, 'utf8').split(/\r?\n/)[0].trim();
}

export const registerAuth: Register = (program: Command, act) => {
  program
    .command('login')
    .description('verify a token with the coordinator and store the URL and token (file mode 0600)')
    .requiredOption('--url <url>', 'coordinator URL, e.g. https://fl.example.org')
    .option('--token <secret>', 'admin API token; `-` reads it from stdin (default: $FL_TOKEN)')
    .action(
      act(async (ctx, o: { url: string; token?: string }) => {
        const url = checkUrl(o.url);
        const token = o.token === '-' ? readStdinLine() : (o.token ?? ctx.deps.env.FL_TOKEN);
        if (!token) throw new CliError('USAGE', 'give --token TOKEN (or set FL_TOKEN)');
        const me = await new ApiClient({ baseUrl: url, token }).auth.me();
        writeLogin(ctx.configPath, { url, token });
        ctx.print({ url, ...me }, (m) => `logged in to ${m.url} as ${m.name} (${m.role}); saved in ${ctx.configPath}`);
      }),
    );

  program
    .command('logout')
    .description('forget the stored URL and token')
    .action(
      act((ctx) => {
        const removed = removeLogin(ctx.configPath);
        ctx.print({ loggedOut: removed }, (r) => (r.loggedOut ? 'logged out' : 'not logged in'));
      }),
    );

  program
    .command('whoami')
    .description('the token in use: name, role, permissions')
    .action(
      act(async (ctx) => {
        const api = ctx.api();
        const me = await api.auth.me();
        ctx.print({ url: api.baseUrl, ...me }, (m) =>
          fields([
            ['coordinator', m.url],
            ['token', `${m.name} (${m.tokenId})`],
            ['role', m.role],
            ['permissions', m.permissions.join(' ')],
          ]),
        );
      }),
    );
};
