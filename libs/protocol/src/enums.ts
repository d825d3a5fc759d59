/**
 * @module enums
 * Enumerations shared by every side. Values are the strings on the wire.
 */

/** Phases of one round attempt, in order. `done` and `failed` are terminal. */
export const RoundPhase = {
  WaitingForClients: 'waiting_for_clients',
  Configuring: 'configuring',
  Training: 'training',
  Aggregating: 'aggregating',
  Evaluating: 'evaluating',
  Done: 'done',
  Failed: 'failed',
} as const;
export type RoundPhase = (typeof RoundPhase)[keyof typeof RoundPhase];

/** Life cycle of a federated job. */
export const JobStatus = {
  Created: 'created',
  Running: 'running',
  Stopped: 'stopped',
  Completed: 'completed',
  Failed: 'failed',
} as const;
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

/** TF.js backends an edge client can train with. */
export const Backend = { Node: 'tensorflow', Wasm: 'wasm', Cpu: 'cpu', None: 'none' } as const;
export type Backend = (typeof Backend)[keyof typeof Backend];

/** What a task asks a client to do. */
export const TaskKind = { Train: 'train', Evaluate: 'evaluate' } as const;
export type TaskKind = (typeof TaskKind)[keyof typeof TaskKind];

/**
 * Error codes carried by error acks and `client:error` events. Every refusal
 * the coordinator makes has one; tests assert on the code, humans read the
 * message.
 */
export const ErrorCode = {
  BadPayload: 'BAD_PAYLOAD',
  ProtocolVersion: 'PROTOCOL_VERSION',
  NotRegistered: 'NOT_REGISTERED',
  ForgedIdentity: 'FORGED_IDENTITY',
  UnknownTask: 'UNKNOWN_TASK',
  NotInCohort: 'NOT_IN_COHORT',
  WrongRound: 'WRONG_ROUND',
  StaleRound: 'STALE_ROUND',
  WrongShape: 'WRONG_SHAPE',
  NonFinite: 'NON_FINITE',
  Oversized: 'OVERSIZED',
  /** A plain update whose L2 norm exceeds the round's bound, when the job refuses (rather than clips) such updates. */
  UpdateTooLarge: 'UPDATE_TOO_LARGE',
  Duplicate: 'DUPLICATE',
  UnknownModel: 'UNKNOWN_MODEL',
  DeadlinePassed: 'DEADLINE_PASSED',
  StageOrder: 'STAGE_ORDER',
  /** Secure aggregation: a signature over a key advertisement or survivor set does not verify. */
  BadSignature: 'BAD_SIGNATURE',
  /** Secure aggregation: a malformed, low-order or reused public key. */
  BadKey: 'BAD_KEY',
  /** The round uses secure aggregation and the message belongs to the plain path (or vice versa). */
  WrongPath: 'WRONG_PATH',
  /**
   * Secure aggregation: convicted on signed evidence (docs/secure-aggregation.md "Blame"): a share
   * ciphertext that does not open under the pairwise key, or a complaint against one that does.
   * The client is quarantined for the rest of the job.
   */
  SecAggMisbehaved: 'SECAGG_MISBEHAVED',
  /** Authentication: no valid challenge for this socket (none asked with `client:hello`, already used, or expired). A signature that does not verify is `FORGED_IDENTITY`. */
  BadChallenge: 'BAD_CHALLENGE',
  /** Enrollment: the token is unknown, revoked, or does not allow this client (dataset / name binding). */
  EnrollmentRefused: 'ENROLLMENT_REFUSED',
  /** Enrollment: the token has expired. */
  TokenExpired: 'TOKEN_EXPIRED',
  /** Enrollment: the token has no uses left. */
  TokenUsed: 'TOKEN_USED',
  /** The client was revoked by an admin: it can never authenticate again. */
  ClientRevoked: 'CLIENT_REVOKED',
  /** The client is suspended by an admin until resumed. */
  ClientSuspended: 'CLIENT_SUSPENDED',
  /** Too many authentication attempts from this address; retry later. */
  RateLimited: 'RATE_LIMITED',
  /** The socket did not authenticate in time. */
  AuthTimeout: 'AUTH_TIMEOUT',
  /** Bulk channel: another upload for the same task is still in flight. */
  UploadInProgress: 'UPLOAD_IN_PROGRESS',
  /** Bulk channel: the caller already has as many requests in flight as it may. */
  TooManyRequests: 'TOO_MANY_REQUESTS',
  Internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
