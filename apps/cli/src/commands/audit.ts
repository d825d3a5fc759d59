/**
 * @module commands/audit
 * `fl audit [--limit --actor --action --before]`: one page of the audit
 * log, newest first, with the cursor of the next page.
 */
import type { AuditEntry } from '@fl/protocol';
import type { Command } from 'commander';
import { intArg } from '../parse';
import { table, when, type Column } from '../output';
import type { Register } from './register';

const COLUMNS: Column<AuditEntry>[] = [
  { header: 'TIME', value: (e) => when(e.at) },
  { header: 'ACTOR', value: (e) => e.actorName ?? e.actorTokenId ?? 'coordinator' },
  { header: 'ACTION', value: (e) => e.action },
  { header: 'TARGET', value: (e) => e.target },
  { header: 'RESULT', value: (e) => e.result },
  { header: 'FROM', value: (e) => e.sourceAddress },
];

export const registerAudit: Register = (program: Command, act) => {
  program
    .command('audit')
    .description('the audit log, newest first')
    .option('--limit <n>', 'entries per page', intArg(1, 1000))
    .option('--actor <tokenId>', 'only this actor token')
    .option('--action <name>', 'only this action, e.g. jobs.create')
    .option('--before <cursor>', 'the `next` cursor of the previous page')
    .action(
      act(async (ctx, o: { limit?: number; actor?: string; action?: string; before?: string }) => {
        const page = await ctx.api().system.audit(o);
        ctx.print(page, (p) => table(p.entries, COLUMNS) + (p.next ? `\n\nmore: fl audit --before ${p.next}` : ''));
      }),
    );
};
