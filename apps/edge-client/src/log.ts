/**
 * @module log
 * The client's console output: human text lines, or one JSON object per line
 * with `--json` (`{"event": "...", ...fields}`), so scripts can follow a
 * client without parsing prose. Round results go to stdout, problems to stderr.
 * Debug lines are dropped unless `createLog(…, { debug: true })`.
 */

export type Fields = Record<string, string | number | boolean | null | undefined | readonly string[]>;

export interface Log {
  info(event: string, message: string, fields?: Fields): void;
  warn(event: string, message: string, fields?: Fields): void;
  /** Diagnostics that are normally dropped (optional: test fakes may omit it). */
  debug?(event: string, message: string, fields?: Fields): void;
  /** One line per finished task: round, loss, accuracy, examples, seconds. */
  round(fields: RoundLine): void;
}

export interface RoundLine {
  kind: 'train' | 'evaluate';
  jobId: string;
  round: number;
  loss: number;
  accuracy: number;
  examples: number;
  seconds: number;
}

type Sink = (line: string) => void;

export function createLog(
  json: boolean,
  out: Sink = (l) => process.stdout.write(l + '\n'),
  err: Sink = (l) => process.stderr.write(l + '\n'),
  options: { debug?: boolean } = {},
): Log {
  const stamp = () => new Date().toISOString();
  const debugOn = options.debug === true;
  if (json) {
    const emit = (sink: Sink, level: string, event: string, message: string, fields?: Fields) =>
      sink(JSON.stringify({ time: stamp(), level, event, message, ...fields }));
    return {
      info: (e, m, f) => emit(out, 'info', e, m, f),
      warn: (e, m, f) => emit(err, 'warn', e, m, f),
      debug: (e, m, f) => debugOn && emit(err, 'debug', e, m, f),
      round: (r) => out(JSON.stringify({ time: stamp(), level: 'info', event: 'round', ...r })),
    };
  }
  return {
    info: (_e, m) => out(`[fl-client] ${m}`),
    warn: (_e, m) => err(`[fl-client] warning: ${m}`),
    debug: (_e, m) => debugOn && err(`[fl-client] debug: ${m}`),
    round: (r) => out(formatRound(r)),
  };
}

export function formatRound(r: RoundLine): string {
  const what = r.kind === 'train' ? 'round' : 'eval ';
  return (
    `[fl-client] ${what} ${String(r.round).padStart(3)}  loss ${r.loss.toFixed(4)}  ` +
    `accuracy ${r.accuracy.toFixed(4)}  examples ${r.examples}  ${r.seconds.toFixed(2)} s`
  );
}
