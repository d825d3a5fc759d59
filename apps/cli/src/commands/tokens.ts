/**
 * @module commands/tokens
 * `fl tokens create|list|revoke`: admin API tokens. `create` prints the
 * secret, once; nothing else ever does.
 */
import { ROLES, type ApiTokenView, type CreateApiTokenRequest, type Role } from '@fl/protocol';
import type { Command } from 'commander';
import { durationArg, oneOf } from '../parse';
import { table, when, type Column } from '../output';
import type { Register } from './register';

const COLUMNS: Column<ApiTokenView>[] = [
  { header: 'ID', value: (t) => t.id },
  { header: 'NAME', value: (t) => t.name },
  { header: 'ROLE', value: (t) => t.role },
  { header: 'CREATED', value: (t) => when(t.createdAt) },
  { header: 'EXPIRES', value: (t) => when(t.expiresAt) ?? 'never' },
  { header: 'LAST USED', value: (t) => when(t.lastUsedAt) },
  { header: 'REVOKED', value: (t) => when(t.revokedAt) },
];

export const registerTokens: Register = (program: Command, act) => {
  const tokens = program.command('tokens').description('admin API tokens');

  tokens
    .command('create')
    .description('create a token; its secret is printed once')
    .requiredOption('--name <name>', 'a label, e.g. the person or automation using it')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, oneOf(ROLES))
    .option('--expires-in <duration>', 'lifetime: seconds or 90s/15m/12h/30d (default: never)', durationArg)
    .action(
      act(async (ctx, o: { name: string; role: Role; expiresIn?: number }) => {
        const req: CreateApiTokenRequest = { name: o.name, role: o.role, ...(o.expiresIn ? { expiresInSeconds: o.expiresIn } : {}) };
        const created = await ctx.api().tokens.create(req);
        ctx.print(created, (t) => `${table([t], COLUMNS)}\n\nsecret: ${t.secret}\n(shown once: store it now; the coordinator keeps only its hash)`);
      }),
    );

  tokens
    .command('list')
    .description('every token (never secrets)')
    .action(act(async (ctx) => ctx.print(await ctx.api().tokens.list(), (l) => table(l, COLUMNS))));

  tokens
    .command('revoke <id>')
    .description('revoke a token: it is refused from now on')
    .action(
      act(async (ctx, id: string) => {
        const t = await ctx.api().tokens.revoke(id);
        ctx.print(t ?? { id, revoked: true }, () => `token ${id} revoked`);
      }),
    );
};
