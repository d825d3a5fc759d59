/**
 * @module logging/root-logger
 * The coordinator's one pino logger (docs/dependencies.md "Metrics and
 * logs"): a JSON object per line on stdout (`time` ISO 8601, `level` as a
 * word, `context` the Nest class, `msg`, plus `jobId`/`round`/`attempt` on
 * round logs), or human-readable lines (pino-pretty) when stdout is a
 * terminal or `--log-format pretty`. Writes are synchronous, like Nest's
 * console logger before it, so log lines never interleave with the lines
 * scripts read (`Coordinator listening on …`, the first admin token).
 */
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { CoordinatorConfig } from '../config/coordinator-config';

export type RootLogger = Logger;

/** Nest's level names (the `--log-level` values) → pino's. */
export const PINO_LEVELS: Readonly<Record<CoordinatorConfig['logLevel'], Level>> = { fatal: 'fatal', error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

export interface RootLoggerOptions {
  /** Where lines go (tests); default stdout. */
  destination?: DestinationStream;
  /** Whether stdout is a terminal (`auto` format); default `process.stdout.isTTY`. */
  tty?: boolean;
}

export function createRootLogger(config: Pick<CoordinatorConfig, 'logLevel' | 'logFormat'>, o: RootLoggerOptions = {}): RootLogger {
  const human = config.logFormat === 'pretty' || (config.logFormat === 'auto' && (o.tty ?? process.stdout.isTTY === true));
  const out = o.destination ?? pino.destination({ dest: 1, sync: true });
  const colorize = o.destination === undefined && process.stdout.isTTY === true;
  const destination = human ? pretty({ destination: out, colorize, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,context', messageFormat: '{if context}[{context}] {end}{msg}' }) : out;
  return pino(
    {
      level: PINO_LEVELS[config.logLevel],
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
