/**
 * @module commands/register
 * The shape of a command group: it adds its commands to the program, each
 * action wrapped by `act` (see {@link action}).
 */
import type { Command } from 'commander';
import type { Context } from '../context';

export type Act = <A extends any[]>(body: (ctx: Context, ...args: A) => Promise<void> | void) => (...args: unknown[]) => Promise<void>;

export type Register = (program: Command, act: Act) => void;
