import { parseOptions } from './parse-options';
import { int, nonEmpty, oneOf, optional } from './validators';
import { usageRows } from './usage';
import type { CliOption } from './option-table';

const TABLE: readonly CliOption[] = [
  { key: 'port', flag: '--port', env: 'X_PORT', kind: int(0, 65535), default: '8080', help: 'TCP port' },
  { key: 'host', flag: '--host', env: 'X_HOST', kind: nonEmpty(), default: '127.0.0.1', help: 'interface' },
  { key: 'mode', flag: '--mode', kind: oneOf(['a', 'b']), help: 'mode\nsecond line' },
  { key: 'token', flag: '--token', env: 'X_TOKEN', kind: optional(/^tok_\w+$/, 'tok_<word>'), default: '', secret: true, help: 'secret token' },
  { key: 'verbose', flag: '--verbose', short: 'v', env: 'X_VERBOSE', kind: 'boolean', help: 'say more' },
];

describe(parseOptions.name, () => {
  it('fills defaults (booleans false, no default = undefined) and records the source', () => {
    const r = parseOptions(TABLE, [], {});
    expect(r.problems).toEqual([]);
    expect(r.values).toEqual({ port: 8080, host: '127.0.0.1', mode: undefined, token: null, verbose: false });
    expect(r.sources.port).toBe('default');
  });

  it('reads --flag value, --flag=value and short boolean flags', () => {
    const r = parseOptions(TABLE, ['--port', '90', '--host=0.0.0.0', '--mode=b', '-v'], {});
    expect(r.problems).toEqual([]);
    expect(r.values).toMatchObject({ port: 90, host: '0.0.0.0', mode: 'b', verbose: true });
    expect(r.sources).toMatchObject({ port: 'flag', host: 'flag', verbose: 'flag' });
  });

  it('accepts a value starting with a single dash (negative numbers)', () => {
    const t: CliOption[] = [{ key: 'n', flag: '--n', kind: int(-5, 5), help: '' }];
    expect(parseOptions(t, ['--n', '-1'], {}).values.n).toBe(-1);
  });

  it('falls back to the environment variable, and a flag beats it', () => {
    expect(parseOptions(TABLE, [], { X_PORT: '9000', X_VERBOSE: 'yes' }).values).toMatchObject({ port: 9000, verbose: true });
    const r = parseOptions(TABLE, ['--port', '1'], { X_PORT: '9000' });
    expect(r.values.port).toBe(1);
    expect(r.sources.port).toBe('flag');
    expect(parseOptions(TABLE, [], { X_VERBOSE: '0' }).values.verbose).toBe(false);
  });

  it('treats an empty variable as a value, or as unset when asked', () => {
    expect(parseOptions(TABLE, [], { X_HOST: '' }).problems).toEqual(['X_HOST="": must not be empty']);
    const r = parseOptions(TABLE, [], { X_HOST: '' }, { emptyEnvIsUnset: true });
    expect(r.problems).toEqual([]);
    expect(r.values.host).toBe('127.0.0.1');
  });

  it('refuses an unknown flag (and does not count its value as a second problem)', () => {
    expect(parseOptions(TABLE, ['--bogus', 'x'], {}).problems).toEqual(["Unknown option '--bogus'"]);
    expect(parseOptions(TABLE, ['-q'], {}).problems).toEqual(["Unknown option '-q'"]);
  });

  it('refuses a missing value, at the end or followed by another flag', () => {
    expect(parseOptions(TABLE, ['--port'], {}).problems).toEqual(['--port: missing value']);
    expect(parseOptions(TABLE, ['--port', '--host', 'h'], {}).problems).toContain('--port: missing value');
  });

  it('refuses positionals and a value given to a boolean flag', () => {
    expect(parseOptions(TABLE, ['stray'], {}).problems).toEqual(["Unexpected positional argument 'stray'"]);
    expect(parseOptions(TABLE, ['--', 'x'], {}).problems).toEqual(["Unexpected positional argument 'x'"]);
    expect(parseOptions(TABLE, ['--verbose=yes'], {}).problems).toEqual(['--verbose: takes no value']);
    expect(parseOptions(TABLE, [], { X_VERBOSE: 'maybe' }).problems).toEqual(['X_VERBOSE="maybe": must be true or false (1/0, yes/no, on/off)']);
  });

  it('collects every problem, command line first, then values in table order', () => {
    const r = parseOptions(TABLE, ['--mode', 'c', '--nope', '--port'], { X_PORT: 'eighty', X_HOST: ' ' });
    expect(r.problems).toEqual(["Unknown option '--nope'", '--port: missing value', 'X_PORT="eighty": must be an integer', 'X_HOST=" ": must not be empty', '--mode="c": must be one of a, b']);
    expect(r.values.port).toBeUndefined();
  });

  it('checks defaults too', () => {
    const t: CliOption[] = [{ key: 'p', flag: '--p', kind: int(1, 2), default: '3', help: '' }];
    expect(parseOptions(t, [], {}).problems).toEqual(['default p="3": must be between 1 and 2']);
  });

  it('never echoes a secret value', () => {
    const secret = 'not-a-token-but-secret';
    for (const r of [parseOptions(TABLE, ['--token', secret], {}), parseOptions(TABLE, [], { X_TOKEN: secret })]) {
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]).toMatch(/^(--token|X_TOKEN)=\(hidden\): must be tok_<word>$/);
      expect(r.problems[0]).not.toContain(secret);
    }
    expect(parseOptions(TABLE, [], { X_TOKEN: 'tok_ok' }).values.token).toBe('tok_ok');
  });

  it('lets the caller word the problems', () => {
    const r = parseOptions(TABLE, ['--mode', 'c'], {}, { describe: (p) => `${p.source} ${p.why} (got ${p.shown})` });
    expect(r.problems).toEqual(['--mode must be one of a, b (got "c")']);
  });
});

describe(usageRows.name, () => {
  it('generates one row per option with env column, defaults and indented continuation lines', () => {
    const rows = usageRows(TABLE, { flagWidth: 14, envWidth: 10 });
    expect(rows[0]).toBe('  --port <v>    X_PORT    TCP port (default: 8080)');
    expect(rows[2]).toBe(`  --mode <v>              mode\n${' '.repeat(26)}second line (default: none)`);
    expect(rows[4]).toBe('  --verbose     X_VERBOSE say more');
  });

  it('can name the variable in the help text instead', () => {
    const rows = usageRows(TABLE, { flagWidth: 12, envWidth: 0, showDefault: false });
    expect(rows[0]).toBe('  --port <v>  TCP port\n              env X_PORT');
    expect(rows[2]).toBe('  --mode <v>  mode\n              second line');
  });
});
