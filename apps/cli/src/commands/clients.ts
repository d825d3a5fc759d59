/**
 * @module commands/clients
 * `fl clients list|suspend|resume|revoke`: enrolled edge clients.
 */
import type { ClientView } from '@fl/protocol';
import type { Command } from 'commander';
import { table, when, type Column } from '../output';
import type { Register } from './register';

/** The client's admin state when the coordinator reports one (suspended, revoked …). */
const stateOf = (c: ClientView): string | null => {
  const s = (c as ClientView & { status?: unknown }).status;
  return typeof s === 'string' ? s : null;
};

const COLUMNS: Column<ClientView>[] = [
  { header: 'ID', value: (c) => c.id },
  { header: 'NAME', value: (c) => c.name },
  { header: 'DATASET', value: (c) => c.dataset },
  { header: 'EXAMPLES', value: (c) => c.numExamples },
  { header: 'BACKEND', value: (c) => c.backend },
  { header: 'CONNECTED', value: (c) => c.connected },
  { header: 'STATE', value: stateOf },
  { header: 'LAST SEEN', value: (c) => when(c.lastSeenAt) },
];

export const registerClients: Register = (program: Command, act) => {
  const cmd = program.command('clients').description('enrolled edge clients');

  cmd
    .command('list')
    .description('every enrolled client, connected or not')
    .action(act(async (ctx) => ctx.print(await ctx.api().clients.list(), (l) => table(l, COLUMNS))));

  for (const [verb, what] of [
    ['suspend', 'leave it out of cohorts until resumed'],
    ['resume', 'let a suspended client take part again'],
    ['revoke', 'refuse it for good (it must enroll again)'],
  ] as const) {
    cmd
      .command(`${verb} <id>`)
      .description(`${verb} a client: ${what}`)
      .action(
        act(async (ctx, id: string) => {
          const c = await ctx.api().clients[verb](id);
          ctx.print(c ?? { id, [verb]: true }, (v) => ('name' in v ? `${table([v as ClientView], COLUMNS)}` : `client ${id}: ${verb} done`));
        }),
      );
  }
};
