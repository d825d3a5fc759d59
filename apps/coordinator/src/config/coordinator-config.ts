/**
 * @module config/coordinator-config
 * The typed, frozen configuration the coordinator reads once at boot. Nothing
 * else in the app reads `process.env`; everything receives this object
 * through the `COORDINATOR_CONFIG` injection token.
 */
import type { LogLevel } from '@nestjs/common';

export const COORDINATOR_CONFIG = Symbol('COORDINATOR_CONFIG');

export interface CoordinatorConfig {
  /** TCP port; 0 picks an ephemeral port. */
  readonly port: number;
  /** Interface to bind. */
  readonly host: string;
  /** Folder for persistent state: the embedded database (`db/`) and model blobs (`models/`). */
  readonly dataDir: string;
  /** Storage engine; `memory` keeps nothing across restarts (tests). */
  readonly db: 'embedded' | 'postgres' | 'memory';
  /** PostgreSQL connection string (`db: postgres`). */
  readonly databaseUrl: string | null;
  /** Name of this coordinator in the postgres lease; null = `<hostname>:<absolute data dir>`. */
  readonly instanceId: string | null;
  /** Postgres: seconds the active coordinator's lease lasts unrenewed before a standby may take over. */
  readonly leaseSeconds: number;
  /**
   * Fault injection for tests only: `<phase or secagg stage>[:<round>]`; the
   * coordinator SIGKILLs itself when a round enters it (after persisting the
   * round view). Null in normal operation.
   */
  readonly faultKillAt: string | null;
  /** Most verbose Nest log level that is printed. */
  readonly logLevel: LogLevel;
  /** Log line format: JSON (pino), human-readable, or pretty only when stdout is a terminal. */
  readonly logFormat: 'auto' | 'json' | 'pretty';
  /** Port of the unauthenticated `GET /metrics` listener on 127.0.0.1; -1 = none, 0 = ephemeral. */
  readonly metricsPort: number;
  /** engine.io heartbeat: a client silent this long after a ping is dropped. */
  readonly pingTimeoutMs: number;
  /** engine.io heartbeat interval. */
  readonly pingIntervalMs: number;
  /** Allowed CORS origins for REST and socket.io; empty = CORS off, ['*'] = any. */
  readonly corsOrigins: readonly string[];
  /** Port of the bulk channel (bulk/bulk.worker); 0 = ephemeral, -1 = no bulk channel. */
  readonly bulkPort: number;
  /** Bulk channel: seconds to send request headers (and finish a TLS handshake). */
  readonly bulkHeadersTimeoutSeconds: number;
  /** Bulk channel: seconds a connection may stay silent before it is closed. */
  readonly bulkIdleTimeoutSeconds: number;
  /** Bulk channel: seconds one whole request may take. */
  readonly bulkRequestTimeoutSeconds: number;
  /** Bulk channel: open connections in all… */
  readonly bulkMaxConnections: number;
  /** …and from one IP address. */
  readonly bulkMaxConnectionsPerAddress: number;
  /** Bulk channel: requests one client id may have in flight. */
  readonly bulkMaxRequestsPerClient: number;
  /** PEM certificate file: HTTPS/WSS on `port`, TLS on `bulkPort` (null: plain HTTP). Given with `tlsKey`, or neither. */
  readonly tlsCert: string | null;
  /** PEM private key file of `tlsCert`. */
  readonly tlsKey: string | null;
  /** Chunk size for `model:fetch` (≤ MAX_CHUNK_BYTES). */
  readonly modelChunkBytes: number;
  /** Default example cap of an enrollment token (docs/enrollment.md). */
  readonly maxExamplesPerClient: number;
  /** Client authentication attempts (`client:hello`) per source address and minute. */
  readonly authPerMinute: number;
  /** Main port: open TCP connections in all… */
  readonly maxConnections: number;
  /** …and from one IP address (common/connection-limit). */
  readonly maxConnectionsPerAddress: number;
  /** An unauthenticated client socket is closed this long after connecting. */
  readonly authTimeoutMs: number;
  /** How long a cohort member has to accept a `round:task` before it is dropped. */
  readonly taskAckTimeoutMs: number;
  /** Inference worker threads; 0 turns serving off (predict → 503). */
  readonly servingWorkers: number;
  /** Largest batch of one predict request. */
  readonly servingMaxBatch: number;
  /** Predict requests that may wait for a worker before new ones get 503. */
  readonly servingQueue: number;
  /** Models each serving worker keeps loaded (LRU by count)… */
  readonly servingCacheModels: number;
  /** …and by weight megabytes. */
  readonly servingCacheMB: number;
  /** Folder whose files a job's `evalData` may read (docs/evaluation.md); null: only the built-in datasets. */
  readonly evalDataDir: string | null;
  /** An admin API token (`flt_<id>_<secret>`) to make sure exists at boot; null = print a new one if no admin exists. Never logged. */
  readonly adminToken: string | null;
  /** Failed authentications per source address per minute before 429. */
  readonly authFailuresPerMinute: number;
  /** Lifetime of a dashboard session. */
  readonly sessionHours: number;
}
