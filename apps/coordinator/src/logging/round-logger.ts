/**
 * @module logging/round-logger
 * The round engine's {@link RoundLogger} on pino: `child` adds the job,
 * round and attempt to every line a round attempt writes, as fields
 * (`jobId`, `round`, `attempt`) an operator can filter on.
 */
import type { RoundLogger } from '../rounds/round-ports';
import type { RootLogger } from './root-logger';

export function pinoRoundLogger(logger: RootLogger): RoundLogger {
  return {
    log: (m) => logger.info(m),
    warn: (m) => logger.warn(m),
    debug: (m) => logger.debug(m),
    child: (context) => pinoRoundLogger(logger.child(context)),
  };
}
