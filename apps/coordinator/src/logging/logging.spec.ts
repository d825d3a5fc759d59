import { Logger } from '@nestjs/common';
import { Writable } from 'node:stream';
import { createRootLogger } from './root-logger';
import { NestPinoLogger } from './nest-logger';
import { pinoRoundLogger } from './round-logger';

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const lines = () => chunks.join('').split('\n').filter(Boolean);
  return { stream, lines, json: () => lines().map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('structured logs', () => {
  it('writes one JSON object per line with an ISO time, the level as a word and the Nest context', () => {
    // Prepare
    const out = sink();
    const nest = new NestPinoLogger(createRootLogger({ logLevel: 'log', logFormat: 'json' }, { destination: out.stream }));
    // Execute
    nest.log('bulk channel on http://127.0.0.1:1', 'BulkChannel');
    nest.warn({ msg: 'slow', clientId: 'c1' }, 'RoundsService');
    nest.error('boom', 'Error: boom\n    at f (x.js:1:1)', 'WsExceptionFilter');
    // Assert
    const [a, b, c] = out.json();
    expect(a).toMatchObject({ level: 'info', context: 'BulkChannel', msg: 'bulk channel on http://127.0.0.1:1', pid: process.pid });
    expect(new Date(a.time as string).toISOString()).toBe(a.time);
    expect(b).toMatchObject({ level: 'warn', context: 'RoundsService', msg: 'slow', clientId: 'c1' });
    expect(c).toMatchObject({ level: 'error', context: 'WsExceptionFilter', msg: 'boom', stack: 'Error: boom\n    at f (x.js:1:1)' });
  });

  it('prints only levels up to --log-level (log = info, verbose = trace)', () => {
    const out = sink();
    const nest = new NestPinoLogger(createRootLogger({ logLevel: 'warn', logFormat: 'json' }, { destination: out.stream }));
    nest.log('hidden', 'X');
    nest.debug('hidden', 'X');
    nest.warn('shown', 'X');
    expect(out.json().map((l) => l.msg)).toEqual(['shown']);
    const verbose = sink();
    new NestPinoLogger(createRootLogger({ logLevel: 'verbose', logFormat: 'json' }, { destination: verbose.stream })).verbose('fine detail', 'X');
    expect(verbose.json()).toEqual([expect.objectContaining({ level: 'trace', msg: 'fine detail' })]);
  });

  it('is what Nest Logger instances write through once it is the app logger', () => {
    const out = sink();
    Logger.overrideLogger(new NestPinoLogger(createRootLogger({ logLevel: 'log', logFormat: 'json' }, { destination: out.stream })));
    try {
      new Logger('FirstAdmin').log('stored the configured admin token ops1');
    } finally {
      Logger.overrideLogger(false);
    }
    expect(out.json()).toEqual([expect.objectContaining({ level: 'info', context: 'FirstAdmin', msg: 'stored the configured admin token ops1' })]);
  });

  it('gives round logs the job, round and attempt as fields', () => {
    const out = sink();
    const rounds = pinoRoundLogger(createRootLogger({ logLevel: 'debug', logFormat: 'json' }, { destination: out.stream }).child({ context: 'RoundsService' }));
    const attempt = rounds.child!({ jobId: 'job-1', round: 3, attempt: 2 });
    attempt.log('round 3.2 done');
    attempt.debug('round 3.2: training');
    rounds.warn('no context');
    const [a, b, c] = out.json();
    expect(a).toMatchObject({ level: 'info', context: 'RoundsService', jobId: 'job-1', round: 3, attempt: 2, msg: 'round 3.2 done' });
    expect(b).toMatchObject({ level: 'debug', jobId: 'job-1', round: 3, attempt: 2 });
    expect(c).not.toHaveProperty('jobId');
  });

  it('writes human-readable lines for a terminal (auto) or --log-format pretty, JSON otherwise', () => {
    const tty = sink();
    createRootLogger({ logLevel: 'log', logFormat: 'auto' }, { destination: tty.stream, tty: true }).child({ context: 'BulkChannel', jobId: 'j9' }).info('listening');
    const [line] = tty.lines();
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: \[BulkChannel\] listening$/);
    expect(tty.lines().join('\n')).toContain('jobId: "j9"');
    const pipe = sink();
    createRootLogger({ logLevel: 'log', logFormat: 'auto' }, { destination: pipe.stream, tty: false }).info('listening');
    expect(pipe.json()).toEqual([expect.objectContaining({ msg: 'listening' })]);
    const forced = sink();
    createRootLogger({ logLevel: 'log', logFormat: 'pretty' }, { destination: forced.stream, tty: false }).info('listening');
    expect(forced.lines()[0]).toMatch(/INFO: listening$/);
  });
});
