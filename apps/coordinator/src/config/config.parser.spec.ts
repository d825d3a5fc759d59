import { parseConfig, defaultConfig } from './config.parser';
import { ConfigError } from './config.error';
import { MAX_CHUNK_BYTES } from '@fl/protocol';

describe('parseConfig', () => {
  it('fills every default when nothing is given', () => {
    const c = parseConfig([], {});
    expect(c).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: '.data',
      db: 'embedded',
      databaseUrl: null,
      faultKillAt: null,
      instanceId: null,
      leaseSeconds: 15,
      logLevel: 'log',
      logFormat: 'auto',
      metricsPort: -1,
      pingTimeoutMs: 60000,
      pingIntervalMs: 25000,
      corsOrigins: [],
      bulkPort: 0,
      bulkHeadersTimeoutSeconds: 10,
      bulkIdleTimeoutSeconds: 30,
      bulkRequestTimeoutSeconds: 1800,
      bulkMaxConnections: 1024,
      bulkMaxConnectionsPerAddress: 64,
      bulkMaxRequestsPerClient: 4,
      tlsCert: null,
      tlsKey: null,
      modelChunkBytes: MAX_CHUNK_BYTES,
      taskAckTimeoutMs: 10000,
      maxExamplesPerClient: 100000,
      authPerMinute: 120,
      maxConnections: 16384,
      maxConnectionsPerAddress: 1024,
      authTimeoutMs: 10000,
      servingWorkers: 2,
      servingMaxBatch: 256,
      servingQueue: 256,
      servingCacheModels: 8,
      servingCacheMB: 512,
      evalDataDir: null,
      adminToken: null,
      authFailuresPerMinute: 20,
      sessionHours: 12,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads the admin token and never echoes a malformed one', () => {
    const good = `flt_ops1_${'a'.repeat(43)}`;
    expect(parseConfig([], { FL_ADMIN_TOKEN: good }).adminToken).toBe(good);
    expect(parseConfig(['--admin-token', good], {}).adminToken).toBe(good);
    const bad = `flt_OPS_${'b'.repeat(43)}`;
    let err: ConfigError | undefined;
    try {
      parseConfig([], { FL_ADMIN_TOKEN: bad });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toContain('FL_ADMIN_TOKEN=(hidden): must be flt_<id>_<secret>');
    expect(err!.message).not.toContain('b'.repeat(43));
  });

  it('reads the environment and lets flags override it', () => {
    const c = parseConfig(['--port', '0', '--host=0.0.0.0'], { FL_PORT: '9000', FL_HOST: 'localhost', FL_LOG_LEVEL: 'debug', FL_CORS_ORIGIN: 'http://a, http://b' });
    expect(c.port).toBe(0);
    expect(c.host).toBe('0.0.0.0');
    expect(c.logLevel).toBe('debug');
    expect(c.corsOrigins).toEqual(['http://a', 'http://b']);
  });

  it('reads the metrics port and log format, and refuses bad ones', () => {
    expect(parseConfig(['--metrics-port', '9464'], { FL_LOG_FORMAT: 'json' })).toMatchObject({ metricsPort: 9464, logFormat: 'json' });
    expect(parseConfig([], { FL_METRICS_PORT: '0', FL_LOG_FORMAT: 'pretty' })).toMatchObject({ metricsPort: 0, logFormat: 'pretty' });
    expect(() => parseConfig(['--metrics-port', '-2', '--log-format', 'xml'], {})).toThrow(/--log-format="xml": must be one of auto, json, pretty[\s\S]*--metrics-port="-2": must be between -1 and 65535/);
  });

  it('reads the postgres lease settings and refuses bad ones', () => {
    expect(parseConfig(['--instance-id', 'eu-1:/srv/fl', '--lease-seconds', '30'], {})).toMatchObject({ instanceId: 'eu-1:/srv/fl', leaseSeconds: 30 });
    expect(() => parseConfig(['--lease-seconds', '0'], { FL_INSTANCE_ID: 'has space' })).toThrow(/FL_INSTANCE_ID="has space": must be 1–200 letters[\s\S]*--lease-seconds="0": must be between 1 and 3600/);
  });

  it('lists every bad value in one error', () => {
    // Prepare
    const env = { FL_PORT: 'eighty', FL_PING_TIMEOUT_MS: '5', FL_LOG_LEVEL: 'loud', FL_DATA_DIR: ' ' };
    const argv = ['--model-chunk-bytes', String(MAX_CHUNK_BYTES + 1), '--bogus', 'x', '--ping-interval-ms'];
    // Execute
    let err: unknown;
    try {
      parseConfig(argv, env);
    } catch (e) {
      err = e;
    }
    // Assert
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems).toHaveLength(7);
    const text = (err as ConfigError).message;
    for (const needle of ['FL_PORT', 'FL_PING_TIMEOUT_MS', 'FL_LOG_LEVEL', 'FL_DATA_DIR', '--model-chunk-bytes', '--bogus', '--ping-interval-ms: missing value']) {
      expect(text).toContain(needle);
    }
  });

  it('checks the storage engine, its URL and the fault hook, listing every problem', () => {
    expect(parseConfig(['--db', 'postgres', '--database-url', 'postgres://u@h/db', '--fault-kill-at', 'share-keys:2'], {})).toMatchObject({ db: 'postgres', databaseUrl: 'postgres://u@h/db', faultKillAt: 'share-keys:2' });
    expect(() => parseConfig(['--db', 'postgres'], { FL_FAULT_KILL_AT: 'lunch' })).toThrow(/FL_FAULT_KILL_AT="lunch": must be <phase or stage>[\s\S]*--db postgres needs --database-url/);
    expect(() => parseConfig(['--db', 'mongo', '--database-url', 'mysql://x'], {})).toThrow(/--db="mongo": must be one of embedded, postgres, memory[\s\S]*--database-url="mysql:\/\/x": must be a postgres:\/\/ or postgresql:\/\/ URL/);
  });

  it('refuses ports out of range and non-integers', () => {
    expect(() => parseConfig(['--port', '65536'], {})).toThrow(/between 0 and 65535/);
    expect(() => parseConfig(['--port', '1.5'], {})).toThrow(/integer/);
  });

  it('builds defaults with overrides for embedding', () => {
    expect(defaultConfig({ port: 0 }).port).toBe(0);
  });
});

describe('TLS options', () => {
  it('refuses a certificate without a key (and the reverse)', () => {
    expect(() => parseConfig(['--tls-cert', 'c.pem'], {})).toThrow(/--tls-cert \/ FL_TLS_CERT and --tls-key \/ FL_TLS_KEY go together/);
    expect(() => parseConfig([], { FL_TLS_KEY: 'k.pem' })).toThrow(/go together/);
    expect(parseConfig(['--tls-cert', 'c.pem', '--tls-key', 'k.pem'], {})).toMatchObject({ tlsCert: 'c.pem', tlsKey: 'k.pem' });
  });
});
