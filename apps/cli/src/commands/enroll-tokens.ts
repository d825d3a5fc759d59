/**
 * @module commands/enroll-tokens
 * `fl enroll-tokens create|list|revoke`: the tokens sites use to enroll
 * their clients. `create` prints the secret, once.
 */
import type { CreateEnrollmentTokenRequest, EnrollmentTokenView } from '@fl/protocol';
import type { Command } from 'commander';
import { durationArg, intArg } from '../parse';
import { table, when, type Column } from '../output';
import type { Register } from './register';

const COLUMNS: Column<EnrollmentTokenView>[] = [
  { header: 'ID', value: (t) => t.id },
  { header: 'LABEL', value: (t) => t.label },
  { header: 'USES', value: (t) => `${t.uses}/${t.maxUses}` },
  { header: 'DATASET', value: (t) => t.dataset },
  { header: 'CLIENT', value: (t) => t.clientName },
  { header: 'MAX EXAMPLES', value: (t) => t.maxExamples },
  { header: 'EXPIRES', value: (t) => when(t.expiresAt) },
  { header: 'REVOKED', value: (t) => when(t.revokedAt) },
];

interface CreateOpts {
  label?: string;
  maxUses?: number;
  expiresIn?: number;
  dataset?: string;
  clientName?: string;
  maxExamples?: number;
}

export const registerEnrollTokens: Register = (program: Command, act) => {
  const cmd = program.command('enroll-tokens').description('enrollment tokens for edge clients');

  cmd
    .command('create')
    .description('create an enrollment token; its secret is printed once')
    .option('--label <text>', 'a label, e.g. the site')
    .option('--max-uses <n>', 'enrollments it allows (default 1)', intArg(1))
    .option('--expires-in <duration>', 'lifetime: seconds or 90s/15m/12h/30d (default 24h)', durationArg)
    .option('--dataset <name>', 'only clients declaring this dataset may enroll')
    .option('--client-name <name>', 'only a client with this name may enroll')
    .option('--max-examples <n>', 'largest example count a client may claim', intArg(1))
    .action(
      act(async (ctx, o: CreateOpts) => {
        const req: CreateEnrollmentTokenRequest = {};
        if (o.label !== undefined) req.label = o.label;
        if (o.maxUses !== undefined) req.maxUses = o.maxUses;
        if (o.expiresIn !== undefined) req.expiresInSeconds = o.expiresIn;
        if (o.dataset !== undefined) req.dataset = o.dataset;
        if (o.clientName !== undefined) req.clientName = o.clientName;
        if (o.maxExamples !== undefined) req.maxExamples = o.maxExamples;
        const created = await ctx.api().enrollmentTokens.create(req);
        ctx.print(created, (t) => `${table([t], COLUMNS)}\n\nsecret: ${t.secret}\n(shown once: give it to the site, e.g. fl-client --enroll-token …)`);
      }),
    );

  cmd
    .command('list')
    .description('every enrollment token (never secrets)')
    .action(act(async (ctx) => ctx.print(await ctx.api().enrollmentTokens.list(), (l) => table(l, COLUMNS))));

  cmd
    .command('revoke <id>')
    .description('revoke an enrollment token: no more enrollments with it')
    .action(
      act(async (ctx, id: string) => {
        const t = await ctx.api().enrollmentTokens.revoke(id);
        ctx.print(t ?? { id, revoked: true }, () => `enrollment token ${id} revoked`);
      }),
    );
};
