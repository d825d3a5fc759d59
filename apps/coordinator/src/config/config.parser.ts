/**
 * @module config/config.parser
 * Parses argv flags and environment variables (with `@fl/cli-options`, from
 * the table in config.options) into a frozen {@link CoordinatorConfig}, once, at boot. Every bad value (and every unknown
 * flag) is collected, then reported together in one {@link ConfigError}.
 */
import { parseOptions } from '@fl/cli-options';
import { CONFIG_OPTIONS } from './config.options';
import { ConfigError } from './config.error';
import type { CoordinatorConfig } from './coordinator-config';

type Env = Record<string, string | undefined>;

/**
 * @example parseConfig(process.argv.slice(2), process.env)
 * @throws ConfigError listing every bad value
 */
export function parseConfig(argv: readonly string[], env: Env): CoordinatorConfig {
  const { values: out, problems } = parseOptions(CONFIG_OPTIONS, argv, env);
  if (out.db === 'postgres' && out.databaseUrl === null && !problems.some((p) => p.includes('FL_DATABASE_URL') || p.includes('--database-url')))
    problems.push('--db postgres needs --database-url / FL_DATABASE_URL');
  if ((out.tlsCert === null) !== (out.tlsKey === null)) problems.push('--tls-cert / FL_TLS_CERT and --tls-key / FL_TLS_KEY go together: give both (HTTPS) or neither (plain HTTP)');
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(out as unknown as CoordinatorConfig);
}

/** The defaults with a few overrides: handy for tests and embedding. */
export function defaultConfig(overrides: Partial<CoordinatorConfig> = {}): CoordinatorConfig {
  return Object.freeze({ ...parseConfig([], {}), ...overrides });
}
