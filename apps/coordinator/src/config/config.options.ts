/**
 * @module config/config.options
 * The table of every configuration key: its environment variable, its
 * command-line flag, its default and how it is checked. Flags override
 * environment variables, which override defaults.
 */
import { MAX_CHUNK_BYTES } from '@fl/protocol';

export type OptionKind =
  | { type: 'int'; min: number; max: number }
  | { type: 'string' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'list' }
  /** Empty allowed (= unset); otherwise must match `pattern`. */
  | { type: 'optional'; pattern: RegExp; hint: string };

export interface ConfigOption {
  key: string;
  env: string;
  flag: string;
  kind: OptionKind;
  default: string;
  help: string;
  /** Never echo the value (in errors or anywhere else). */
  secret?: boolean;
}

/** Round phases and secure-aggregation stages `FL_FAULT_KILL_AT` accepts. */
export const FAULT_POINTS = ['waiting_for_clients', 'configuring', 'training', 'advertise-keys', 'share-keys', 'masked-input', 'consistency-check', 'unmask', 'aggregating', 'evaluating'] as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;

export const CONFIG_OPTIONS: readonly ConfigOption[] = [
  { key: 'port', env: 'FL_PORT', flag: '--port', kind: { type: 'int', min: 0, max: 65535 }, default: '8080', help: 'TCP port (0 = ephemeral)' },
  { key: 'host', env: 'FL_HOST', flag: '--host', kind: { type: 'string' }, default: '127.0.0.1', help: 'interface to bind (0.0.0.0 for remote clients)' },
  { key: 'dataDir', env: 'FL_DATA_DIR', flag: '--data-dir', kind: { type: 'string' }, default: '.data', help: 'folder for persistent state' },
  { key: 'db', env: 'FL_DB', flag: '--db', kind: { type: 'enum', values: ['embedded', 'postgres', 'memory'] }, default: 'embedded', help: 'storage engine: embedded (PGlite in the data dir), postgres, or memory (tests; nothing survives a restart)' },
  { key: 'databaseUrl', env: 'FL_DATABASE_URL', flag: '--database-url', kind: { type: 'optional', pattern: /^postgres(ql)?:\/\/\S+$/, hint: 'a postgres:// or postgresql:// URL' }, default: '', help: 'PostgreSQL connection string (--db postgres)' },
  { key: 'instanceId', env: 'FL_INSTANCE_ID', flag: '--instance-id', kind: { type: 'optional', pattern: /^[\w.:@/-]{1,200}$/, hint: '1–200 letters, digits or ._:@/-' }, default: '', help: 'this coordinator\'s name in the postgres lease (default: <hostname>:<data dir>); give each replica its own' },
  { key: 'leaseSeconds', env: 'FL_LEASE_SECONDS', flag: '--lease-seconds', kind: { type: 'int', min: 1, max: 3600 }, default: '15', help: 'postgres: how long the active coordinator\'s lease lasts without renewal before a standby takes over' },
  {
    key: 'faultKillAt',
    env: 'FL_FAULT_KILL_AT',
    flag: '--fault-kill-at',
    kind: { type: 'optional', pattern: new RegExp(`^(${FAULT_POINTS.join('|')})(:[1-9]\\d*)?$`), hint: `<phase or stage>[:<round>], phase or stage one of ${FAULT_POINTS.join(', ')}` },
    default: '',
    help: 'FAULT INJECTION FOR TESTS: SIGKILL the coordinator when a round enters this phase/stage',
  },
  { key: 'logLevel', env: 'FL_LOG_LEVEL', flag: '--log-level', kind: { type: 'enum', values: LOG_LEVELS }, default: 'log', help: 'most verbose level printed' },
  { key: 'pingTimeoutMs', env: 'FL_PING_TIMEOUT_MS', flag: '--ping-timeout-ms', kind: { type: 'int', min: 100, max: 3_600_000 }, default: '60000', help: 'socket heartbeat timeout (generous: clients train with a busy event loop)' },
  { key: 'pingIntervalMs', env: 'FL_PING_INTERVAL_MS', flag: '--ping-interval-ms', kind: { type: 'int', min: 100, max: 3_600_000 }, default: '25000', help: 'socket heartbeat interval' },
  { key: 'corsOrigins', env: 'FL_CORS_ORIGIN', flag: '--cors-origin', kind: { type: 'list' }, default: '', help: 'comma-separated allowed origins, * for any, empty = CORS off' },
  { key: 'bulkPort', env: 'FL_BULK_PORT', flag: '--bulk-port', kind: { type: 'int', min: -1, max: 65535 }, default: '0', help: 'port of the bulk channel (model downloads and update uploads over HTTP, served off the event loop); 0 = ephemeral, -1 = off (every byte over the socket)' },
  { key: 'bulkHeadersTimeoutSeconds', env: 'FL_BULK_HEADERS_TIMEOUT', flag: '--bulk-headers-timeout', kind: { type: 'int', min: 1, max: 600 }, default: '10', help: 'bulk channel: seconds a client has to send its request headers (and, with TLS, finish the handshake)' },
  { key: 'bulkIdleTimeoutSeconds', env: 'FL_BULK_IDLE_TIMEOUT', flag: '--bulk-idle-timeout', kind: { type: 'int', min: 1, max: 3600 }, default: '30', help: 'bulk channel: seconds a connection may stay silent (a stalled upload is cut off and its task freed for a retry)' },
  { key: 'bulkRequestTimeoutSeconds', env: 'FL_BULK_REQUEST_TIMEOUT', flag: '--bulk-request-timeout', kind: { type: 'int', min: 1, max: 86_400 }, default: '1800', help: 'bulk channel: seconds one whole request (a 256 MB upload on a slow link) may take' },
  { key: 'bulkMaxConnections', env: 'FL_BULK_MAX_CONNECTIONS', flag: '--bulk-max-connections', kind: { type: 'int', min: 1, max: 100_000 }, default: '1024', help: 'bulk channel: open connections in all' },
  { key: 'bulkMaxConnectionsPerAddress', env: 'FL_BULK_MAX_CONNECTIONS_PER_ADDRESS', flag: '--bulk-max-connections-per-address', kind: { type: 'int', min: 1, max: 100_000 }, default: '64', help: 'bulk channel: open connections from one IP address (raise it when many clients share a NAT address)' },
  { key: 'bulkMaxRequestsPerClient', env: 'FL_BULK_MAX_REQUESTS_PER_CLIENT', flag: '--bulk-max-requests-per-client', kind: { type: 'int', min: 1, max: 1000 }, default: '4', help: 'bulk channel: requests one client id may have in flight (429 TOO_MANY_REQUESTS beyond)' },
  { key: 'tlsCert', env: 'FL_TLS_CERT', flag: '--tls-cert', kind: { type: 'optional', pattern: /^\S.*$/, hint: 'a file name' }, default: '', help: 'PEM certificate (chain) file: serve HTTPS/WSS on --port and TLS on --bulk-port (needs --tls-key)' },
  { key: 'tlsKey', env: 'FL_TLS_KEY', flag: '--tls-key', kind: { type: 'optional', pattern: /^\S.*$/, hint: 'a file name' }, default: '', help: 'PEM private key file of --tls-cert' },
  { key: 'modelChunkBytes', env: 'FL_MODEL_CHUNK_BYTES', flag: '--model-chunk-bytes', kind: { type: 'int', min: 1024, max: MAX_CHUNK_BYTES }, default: String(MAX_CHUNK_BYTES), help: 'chunk size of model:fetch replies' },
  { key: 'servingWorkers', env: 'FL_SERVING_WORKERS', flag: '--serving-workers', kind: { type: 'int', min: 0, max: 64 }, default: '2', help: 'worker threads running model inference (0 = serving off)' },
  { key: 'servingMaxBatch', env: 'FL_SERVING_MAX_BATCH', flag: '--serving-max-batch', kind: { type: 'int', min: 1, max: 65536 }, default: '256', help: 'largest batch one predict request may carry' },
  { key: 'servingQueue', env: 'FL_SERVING_QUEUE', flag: '--serving-queue', kind: { type: 'int', min: 1, max: 1_000_000 }, default: '256', help: 'predict requests waiting for a worker before 503' },
  { key: 'servingCacheModels', env: 'FL_SERVING_CACHE_MODELS', flag: '--serving-cache-models', kind: { type: 'int', min: 1, max: 1000 }, default: '8', help: 'models each serving worker keeps loaded (LRU)' },
  { key: 'servingCacheMB', env: 'FL_SERVING_CACHE_MB', flag: '--serving-cache-mb', kind: { type: 'int', min: 1, max: 65536 }, default: '512', help: 'weight megabytes each serving worker keeps loaded (LRU)' },
  {
    key: 'adminToken',
    env: 'FL_ADMIN_TOKEN',
    flag: '--admin-token',
    kind: { type: 'optional', pattern: /^flt_[a-z0-9]{1,32}_[A-Za-z0-9_-]{43,256}$/, hint: 'flt_<id>_<secret>: id of 1–32 lowercase letters or digits, secret of at least 43 base64url characters (see docs/security.md)' },
    default: '',
    secret: true,
    help: 'admin API token to make sure exists (only its hash is stored); prefer the env var (flags show in ps). Unset: the first start prints a new one once',
  },
  { key: 'authFailuresPerMinute', env: 'FL_AUTH_FAILURES_PER_MINUTE', flag: '--auth-failures-per-minute', kind: { type: 'int', min: 1, max: 1_000_000 }, default: '20', help: 'failed authentications per source address and minute before it gets 429 until the minute ends' },
  { key: 'sessionHours', env: 'FL_SESSION_HOURS', flag: '--session-hours', kind: { type: 'int', min: 1, max: 720 }, default: '12', help: 'lifetime of a dashboard session cookie' },
  { key: 'maxExamplesPerClient', env: 'FL_MAX_EXAMPLES_PER_CLIENT', flag: '--max-examples-per-client', kind: { type: 'int', min: 1, max: 2_147_483_647 }, default: '100000', help: 'default example-count cap of an enrollment token: the largest FedAvg weight a client enrolled with it may claim' },
  { key: 'authPerMinute', env: 'FL_AUTH_PER_MINUTE', flag: '--auth-per-minute', kind: { type: 'int', min: 1, max: 1_000_000 }, default: '120', help: 'client authentication attempts (client:hello) allowed per source address and minute (burst of the same size)' },
  { key: 'authTimeoutMs', env: 'FL_AUTH_TIMEOUT_MS', flag: '--auth-timeout-ms', kind: { type: 'int', min: 100, max: 600_000 }, default: '10000', help: 'a client socket that has not authenticated this long after connecting is closed' },
  { key: 'taskAckTimeoutMs', env: 'FL_TASK_ACK_TIMEOUT_MS', flag: '--task-ack-timeout-ms', kind: { type: 'int', min: 10, max: 600_000 }, default: '10000', help: 'time a cohort member has to accept a round:task' },
];

/** Usage text for `--help`, generated from the table. */
export function usage(): string {
  const rows = CONFIG_OPTIONS.map((o) => `  ${`${o.flag} <v>`.padEnd(26)}${o.env.padEnd(24)}${o.help} (default: ${o.default === '' ? 'none' : o.default})`);
  return ['Usage: fl-coordinator [flags]   (flags override environment variables)', '', ...rows].join('\n');
}
