/**
 * @module simulation/client-log
 * The log of one virtual client: the simulation's log with the client's
 * name on every line (`client` in JSON lines). A thousand clients would
 * drown the output, so only warnings pass unless `--verbose`.
 */
import type { Log } from '../log';

export function clientLog(base: Log, name: string, verbose: boolean): Log {
  const tag = (m: string) => `${name}: ${m}`;
  return {
    info: (e, m, f) => verbose && base.info(e, tag(m), { client: name, ...f }),
    warn: (e, m, f) => base.warn(e, tag(m), { client: name, ...f }),
    debug: (e, m, f) => verbose && base.debug?.(e, tag(m), { client: name, ...f }),
    round: (r) => verbose && base.info('round', tag(`${r.kind} round ${r.round}: loss ${r.loss.toFixed(4)}, accuracy ${r.accuracy.toFixed(4)}, ${r.examples} examples, ${r.seconds.toFixed(2)} s`), { client: name, ...r }),
  };
}
