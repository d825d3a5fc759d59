/**
 * @module config/config.parser
 * Parses argv flags and environment variables into a frozen
 * {@link CoordinatorConfig}, once, at boot. Every bad value (and every unknown
 * flag) is collected, then reported together in one {@link ConfigError}.
 */
import { CONFIG_OPTIONS, type ConfigOption } from './config.options';
import { ConfigError } from './config.error';
import type { CoordinatorConfig } from './coordinator-config';

type Env = Record<string, string | undefined>;

/** Reads `--flag value` and `--flag=value` pairs; unknown or valueless flags become problems. */
function readFlags(argv: readonly string[], problems: string[]): Map<string, string> {
  const known = new Set(CONFIG_OPTIONS.map((o) => o.flag));
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!known.has(flag)) {
      problems.push(`${flag}: unknown argument`);
      if (eq < 0 && flag.startsWith('--') && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) i++;
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) problems.push(`${flag}: missing value`);
    else out.set(flag, value);
  }
  return out;
}

function convert(o: ConfigOption, raw: string, source: string, problems: string[]): unknown {
  const bad = (why: string) => {
    problems.push(`${source}=${o.secret ? '(hidden)' : JSON.stringify(raw)}: ${why}`);
    return undefined;
  };
  switch (o.kind.type) {
    case 'int': {
      const t = raw.trim();
      if (!/^-?\d+$/.test(t)) return bad('must be an integer');
      const n = Number(t);
      if (n < o.kind.min || n > o.kind.max) return bad(`must be between ${o.kind.min} and ${o.kind.max}`);
      return n;
    }
    case 'string':
      return raw.trim() === '' ? bad('must not be empty') : raw.trim();
    case 'enum':
      return o.kind.values.includes(raw.trim()) ? raw.trim() : bad(`must be one of ${o.kind.values.join(', ')}`);
    case 'optional':
      return raw.trim() === '' ? null : o.kind.pattern.test(raw.trim()) ? raw.trim() : bad(`must be ${o.kind.hint}`);
    case 'list':
      return Object.freeze(raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0));
  }
}

/**
 * @example parseConfig(process.argv.slice(2), process.env)
 * @throws ConfigError listing every bad value
 */
export function parseConfig(argv: readonly string[], env: Env): CoordinatorConfig {
  const problems: string[] = [];
  const flags = readFlags(argv, problems);
  const out: Record<string, unknown> = {};
  for (const o of CONFIG_OPTIONS) {
    const fromFlag = flags.get(o.flag);
    const fromEnv = env[o.env];
    const [raw, source] = fromFlag !== undefined ? [fromFlag, o.flag] : fromEnv !== undefined ? [fromEnv, o.env] : [o.default, `default ${o.key}`];
    out[o.key] = convert(o, raw, source, problems);
  }
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
