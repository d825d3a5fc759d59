/**
 * @module logging/nest-logger
 * Nest's `LoggerService` on top of the root pino logger, so every
 * `new Logger(Class.name)` in the app (and Nest's own boot lines) writes
 * structured lines: the Nest context becomes the `context` field, an error's
 * stack the `stack` field, and an object message is merged into the line.
 * A small adapter rather than nestjs-pino: the coordinator needs no
 * per-HTTP-request logging (pino-http), which would add a line per predict
 * request on the serving path (docs/dependencies.md).
 */
import type { LoggerService } from '@nestjs/common';
import type { Level } from 'pino';
import type { RootLogger } from './root-logger';

/** A string that looks like a stack trace (what Nest passes as `error`'s second argument). */
const STACK = /^.*\n\s+at .+/;

export class NestPinoLogger implements LoggerService {
  constructor(private readonly root: RootLogger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.root.isLevelEnabled(level)) return;
    const rest = [...params];
    const fields: Record<string, unknown> = {};
    const last = rest[rest.length - 1];
    // Nest appends the logger's context last; an error's stack comes before it.
    if (typeof last === 'string' && !STACK.test(last)) fields.context = rest.pop();
    const extra: unknown[] = [];
    for (const p of rest) {
      if (typeof p === 'string' && STACK.test(p)) fields.stack = p;
      else if (p !== undefined) extra.push(p);
    }
    if (extra.length) fields.params = extra;
    if (message instanceof Error) {
      fields.err = message;
      this.root[level](fields, message.message);
    } else if (typeof message === 'object' && message !== null) {
      const { msg, message: text, ...more } = message as Record<string, unknown>;
      this.root[level]({ ...fields, ...more }, String(msg ?? text ?? ''));
    } else {
      this.root[level](fields, String(message));
    }
  }
}
