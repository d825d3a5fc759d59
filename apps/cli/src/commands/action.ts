/**
 * @module commands/action
 * Wraps a command body for commander: builds the {@link Context} from the
 * command's (global) options and hands it the positional arguments and the
 * command's own options.
 */
import type { Command } from 'commander';
import { Context, type CliDeps } from '../context';

type Body<A extends unknown[]> = (ctx: Context, ...args: A) => Promise<void> | void;

/** Commander calls actions with (...positionals, options, command). */
export function action<A extends unknown[]>(deps: CliDeps, body: Body<A>, onContext: (c: Context) => void): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const cmd = args[args.length - 1] as Command;
    const ctx = Context.of(deps, cmd);
    onContext(ctx);
    await body(ctx, ...(args.slice(0, -1) as A));
  };
}
