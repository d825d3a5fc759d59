/**
 * @module config/config.options
 * The table of every configuration key: its environment variable, its
 * command-line flag, its default and how it is checked. Flags override
 * environment variables, which override defaults; `@fl/cli-options` parses
 * and checks them (the edge client uses the same mechanism).
 */
import { MAX_CHUNK_BYTES } from '@fl/protocol';
import { int, list, nonEmpty, oneOf, optional, usageRows, type CliOption } from '@fl/cli-options';

/** Every coordinator option has an environment variable and a default (`''` = unset). */
export interface ConfigOption extends CliOption {
  env: string;
  default: string;
}

/** Round phases and secure-aggregation stages `FL_FAULT_KILL_AT` accepts. */
export const FAULT_POINTS = ['waiting_for_clients', 'configuring', 'training', 'advertise-keys', 'share-keys', 'masked-input', 'consistency-check', 'unmask', 'aggregating', 'evaluating'] as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;

/** `auto`: human-readable lines when stdout is a terminal, JSON lines otherwise. */
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

export const CONFIG_OPTIONS: readonly ConfigOption[] = [
  { key: 'port', env: 'FL_PORT', flag: '--port', kind: int(0, 65535), default: '8080', help: 'TCP port (0 = ephemeral)' },
  { key: 'host', env: 'FL_HOST', flag: '--host', kind: nonEmpty(), default: '127.0.0.1', help: 'interface to bind (0.0.0.0 for remote clients)' },
  { key: 'dataDir', env: 'FL_DATA_DIR', flag: '--data-dir', kind: nonEmpty(), default: '.data', help: 'folder for persistent state' },
  { key: 'db', env: 'FL_DB', flag: '--db', kind: oneOf(['embedded', 'postgres', 'memory']), default: 'embedded', help: 'storage engine: embedded (PGlite in the data dir), postgres, or memory (tests; nothing survives a restart)' },
  { key: 'databaseUrl', env: 'FL_DATABASE_URL', flag: '--database-url', kind: optional(/^postgres(ql)?:\/\/\S+$/, 'a postgres:// or postgresql:// URL'), default: '', help: 'PostgreSQL connection string (--db postgres)' },
  { key: 'instanceId', env: 'FL_INSTANCE_ID', flag: '--instance-id', kind: optional(/^[\w.:@/-]{1,200}$/, '1–200 letters, digits or ._:@/-'), default: '', help: 'this coordinator\'s name in the postgres lease (default: <hostname>:<data dir>); give each replica its own' },
  { key: 'leaseSeconds', env: 'FL_LEASE_SECONDS', flag: '--lease-seconds', kind: int(1, 3600), default: '15', help: 'postgres: how long the active coordinator\'s lease lasts without renewal before a standby takes over' },
  {
    key: 'faultKillAt',
    env: 'FL_FAULT_KILL_AT',
    flag: '--fault-kill-at',
    kind: optional(new RegExp(`^(${FAULT_POINTS.join('|')})(:[1-9]\\d*)?$`), `<phase or stage>[:<round>], phase or stage one of ${FAULT_POINTS.join(', ')}`),
    default: '',
    help: 'FAULT INJECTION FOR TESTS: SIGKILL the coordinator when a round enters this phase/stage',
  },
  { key: 'logLevel', env: 'FL_LOG_LEVEL', flag: '--log-level', kind: oneOf(LOG_LEVELS), default: 'log', help: 'most verbose level printed (log = pino info, verbose = trace)' },
  { key: 'logFormat', env: 'FL_LOG_FORMAT', flag: '--log-format', kind: oneOf(LOG_FORMATS), default: 'auto', help: 'json: one JSON object per line (pino); pretty: human-readable; auto: pretty when stdout is a terminal' },
  { key: 'metricsPort', env: 'FL_METRICS_PORT', flag: '--metrics-port', kind: int(-1, 65535), default: '-1', help: 'Prometheus GET /metrics without a token on this port, bound to 127.0.0.1 only (0 = ephemeral, -1 = off; GET /api/metrics with a viewer token works either way)' },
  { key: 'pingTimeoutMs', env: 'FL_PING_TIMEOUT_MS', flag: '--ping-timeout-ms', kind: int(100, 3_600_000), default: '60000', help: 'socket heartbeat timeout (generous: clients train with a busy event loop)' },
  { key: 'pingIntervalMs', env: 'FL_PING_INTERVAL_MS', flag: '--ping-interval-ms', kind: int(100, 3_600_000), default: '25000', help: 'socket heartbeat interval' },
  { key: 'corsOrigins', env: 'FL_CORS_ORIGIN', flag: '--cors-origin', kind: list(), default: '', help: 'comma-separated allowed origins, * for any, empty = CORS off' },
  { key: 'bulkPort', env: 'FL_BULK_PORT', flag: '--bulk-port', kind: int(-1, 65535), default: '0', help: 'port of the bulk channel (model downloads and update uploads over HTTP, served off the event loop); 0 = ephemeral, -1 = off (every byte over the socket)' },
  { key: 'bulkHeadersTimeoutSeconds', env: 'FL_BULK_HEADERS_TIMEOUT', flag: '--bulk-headers-timeout', kind: int(1, 600), default: '10', help: 'bulk channel: seconds a client has to send its request headers (and, with TLS, finish the handshake)' },
  { key: 'bulkIdleTimeoutSeconds', env: 'FL_BULK_IDLE_TIMEOUT', flag: '--bulk-idle-timeout', kind: int(1, 3600), default: '30', help: 'bulk channel: seconds a connection may stay silent (a stalled upload is cut off and its task freed for a retry)' },
  { key: 'bulkRequestTimeoutSeconds', env: 'FL_BULK_REQUEST_TIMEOUT', flag: '--bulk-request-timeout', kind: int(1, 86_400), default: '1800', help: 'bulk channel: seconds one whole request (a 256 MB upload on a slow link) may take' },
  { key: 'bulkMaxConnections', env: 'FL_BULK_MAX_CONNECTIONS', flag: '--bulk-max-connections', kind: int(1, 100_000), default: '1024', help: 'bulk channel: open connections in all' },
  { key: 'bulkMaxConnectionsPerAddress', env: 'FL_BULK_MAX_CONNECTIONS_PER_ADDRESS', flag: '--bulk-max-connections-per-address', kind: int(1, 100_000), default: '64', help: 'bulk channel: open connections from one IP address (raise it when many clients share a NAT address)' },
  { key: 'bulkMaxRequestsPerClient', env: 'FL_BULK_MAX_REQUESTS_PER_CLIENT', flag: '--bulk-max-requests-per-client', kind: int(1, 1000), default: '4', help: 'bulk channel: requests one client id may have in flight (429 TOO_MANY_REQUESTS beyond)' },
  { key: 'tlsCert', env: 'FL_TLS_CERT', flag: '--tls-cert', kind: optional(/^\S.*$/, 'a file name'), default: '', help: 'PEM certificate (chain) file: serve HTTPS/WSS on --port and TLS on --bulk-port (needs --tls-key)' },
  { key: 'tlsKey', env: 'FL_TLS_KEY', flag: '--tls-key', kind: optional(/^\S.*$/, 'a file name'), default: '', help: 'PEM private key file of --tls-cert' },
  { key: 'modelChunkBytes', env: 'FL_MODEL_CHUNK_BYTES', flag: '--model-chunk-bytes', kind: int(1024, MAX_CHUNK_BYTES), default: String(MAX_CHUNK_BYTES), help: 'chunk size of model:fetch replies' },
  { key: 'servingWorkers', env: 'FL_SERVING_WORKERS', flag: '--serving-workers', kind: int(0, 64), default: '2', help: 'worker threads running model inference (0 = serving off)' },
  { key: 'servingMaxBatch', env: 'FL_SERVING_MAX_BATCH', flag: '--serving-max-batch', kind: int(1, 65536), default: '256', help: 'largest batch one predict request may carry' },
  { key: 'servingQueue', env: 'FL_SERVING_QUEUE', flag: '--serving-queue', kind: int(1, 1_000_000), default: '256', help: 'predict requests waiting for a worker before 503' },
  { key: 'servingCacheModels', env: 'FL_SERVING_CACHE_MODELS', flag: '--serving-cache-models', kind: int(1, 1000), default: '8', help: 'models each serving worker keeps loaded (LRU)' },
  { key: 'servingCacheMB', env: 'FL_SERVING_CACHE_MB', flag: '--serving-cache-mb', kind: int(1, 65536), default: '512', help: 'weight megabytes each serving worker keeps loaded (LRU)' },
  { key: 'evalDataDir', env: 'FL_EVAL_DATA_DIR', flag: '--eval-data-dir', kind: optional(/^\S.*$/, 'a directory'), default: '', help: 'folder whose files jobs may name as their centralized evaluation data (evalData csv:/idx:/images: paths); unset: only the built-in mnist and fashion-mnist' },
  {
    key: 'adminToken',
    env: 'FL_ADMIN_TOKEN',
    flag: '--admin-token',
    kind: optional(/^flt_[a-z0-9]{1,32}_[A-Za-z0-9_-]{43,256}$/, 'flt_<id>_<secret>: id of 1–32 lowercase letters or digits, secret of at least 43 base64url characters (see docs/security.md)'),
    default: '',
    secret: true,
    help: 'admin API token to make sure exists (only its hash is stored); prefer the env var (flags show in ps). Unset: the first start prints a new one once',
  },
  { key: 'authFailuresPerMinute', env: 'FL_AUTH_FAILURES_PER_MINUTE', flag: '--auth-failures-per-minute', kind: int(1, 1_000_000), default: '20', help: 'failed authentications per source address and minute before it gets 429 until the minute ends' },
  { key: 'sessionHours', env: 'FL_SESSION_HOURS', flag: '--session-hours', kind: int(1, 720), default: '12', help: 'lifetime of a dashboard session cookie' },
  { key: 'maxExamplesPerClient', env: 'FL_MAX_EXAMPLES_PER_CLIENT', flag: '--max-examples-per-client', kind: int(1, 2_147_483_647), default: '100000', help: 'default example-count cap of an enrollment token: the largest FedAvg weight a client enrolled with it may claim' },
  { key: 'authPerMinute', env: 'FL_AUTH_PER_MINUTE', flag: '--auth-per-minute', kind: int(1, 1_000_000), default: '120', help: 'client authentication attempts (client:hello) allowed per source address in each one-minute window' },
  { key: 'maxConnections', env: 'FL_MAX_CONNECTIONS', flag: '--max-connections', kind: int(1, 1_000_000), default: '16384', help: 'main port: open TCP connections in all (client sockets, dashboards, API calls); more are closed at once' },
  { key: 'maxConnectionsPerAddress', env: 'FL_MAX_CONNECTIONS_PER_ADDRESS', flag: '--max-connections-per-address', kind: int(1, 1_000_000), default: '1024', help: 'main port: open TCP connections from one IP address (raise it when many clients share a NAT address, or for a simulation on one machine)' },
  { key: 'authTimeoutMs', env: 'FL_AUTH_TIMEOUT_MS', flag: '--auth-timeout-ms', kind: int(100, 600_000), default: '10000', help: 'a client socket that has not authenticated this long after connecting is closed' },
  { key: 'taskAckTimeoutMs', env: 'FL_TASK_ACK_TIMEOUT_MS', flag: '--task-ack-timeout-ms', kind: int(10, 600_000), default: '10000', help: 'time a cohort member has to accept a round:task' },
];

/** Usage text for `--help`, generated from the table. */
export function usage(): string {
  const rows = usageRows(CONFIG_OPTIONS, { flagWidth: 26, envWidth: 24 });
  return ['Usage: fl-coordinator [flags]   (flags override environment variables)', '', ...rows].join('\n');
}
