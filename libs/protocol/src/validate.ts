/**
 * @module validate
 * Boundary validators for every client→server payload. The coordinator runs
 * these before anything else; clients may run them for symmetry.
 */
import { Backend, TaskKind } from './enums';
import { CLIENT_VERSION_PATTERN, MAX_CHUNK_BYTES, MAX_CLIENT_VERSION_LENGTH, MAX_EVAL_METRICS, MAX_METRIC_NAME_LENGTH, MAX_MODEL_BYTES, MAX_NAME_LENGTH, METRIC_NAME_PATTERN } from './limits';
import type { Validated } from './result';
import type { HelloRequest, RegisterRequest } from './messages/register';
import { SIGNATURE_BYTES, enrollmentTokenId } from './auth';
import { PROTOCOL_VERSION } from './version';
import { TRAINING_FAILURE_CODES, type RoundTask, type TaskWithdraw } from './messages/task';
import type { ModelFetchRequest } from './messages/model';
import type { UpdateChunk, UpdateCommit, EvaluateResult } from './messages/update';
import { SECAGG_STAGES, SECAGG_THREAT_MODELS, type SecAggRequest, type SecAggSubmit } from './messages/secagg';
import { MAX_PRIVACY_CLIP, POLICY_REFUSAL_CODES, PRIVACY_MODES } from './rest/privacy';
import { Problems, isRecord, str, int, finite, bytes, oneOf } from './guards';

const MAX_INT = Number.MAX_SAFE_INTEGER;
/** Ed25519 public key length. */
export const SIGNING_KEY_BYTES = 32;
const ID_MAX = 64;

function done<T>(p: Problems, v: unknown): Validated<T> {
  return p.list.length ? { ok: false, errors: p.list } : { ok: true, value: v as T };
}

function start(v: unknown): [Problems, Record<string, unknown>] | null {
  return isRecord(v) ? [new Problems(), v] : null;
}

const notObject = { ok: false as const, errors: ['payload must be an object'] };

/** `client:hello`: an empty object (nothing the client says can shape the challenge). */
export function validateHello(v: unknown): Validated<HelloRequest> {
  const s = start(v);
  if (!s) return notObject;
  const [p, o] = s;
  for (const k of Object.keys(o)) p.add(k, 'is not allowed (client:hello takes an empty object)');
  return done(p, o);
}

/** Longest enrollment token secret (`et_` + 32 hex + `.` + 43 base64url). */
export const MAX_ENROLLMENT_TOKEN_LENGTH = 79;

export function validateRegister(v: unknown): Validated<RegisterRequest> {
  const s = start(v);
  if (!s) return notObject;
  const [p, o] = s;
  int(p, o, 'protocolVersion', 1, 1_000);
  // Another version has that version's shape: let the coordinator refuse it with PROTOCOL_VERSION.
  if (p.list.length === 0 && o.protocolVersion !== PROTOCOL_VERSION) return done(p, o);
  str(p, o, 'name', MAX_NAME_LENGTH);
  oneOf(p, o, 'backend', Object.values(Backend));
  if (o.clientVersion !== undefined) {
    str(p, o, 'clientVersion', MAX_CLIENT_VERSION_LENGTH);
    if (typeof o.clientVersion === 'string' && o.clientVersion.length > 0 && o.clientVersion.length <= MAX_CLIENT_VERSION_LENGTH && !CLIENT_VERSION_PATTERN.test(o.clientVersion))
      p.add('clientVersion', 'must be a semantic version (major.minor.patch, e.g. 0.1.0 or 1.2.3-rc.1)');
  }
  if (!isRecord(o.dataset)) p.add('dataset', 'must be an object { name, numExamples }');
  else {
    str(p, o.dataset, 'name', MAX_NAME_LENGTH);
    int(p, o.dataset, 'numExamples', 0, MAX_INT);
  }
  if (!(o.signingKey instanceof Uint8Array && o.signingKey.byteLength === SIGNING_KEY_BYTES)) p.add('signingKey', `must be ${SIGNING_KEY_BYTES} bytes of binary (an Ed25519 public key)`);
  if (!(o.signature instanceof Uint8Array && o.signature.byteLength === SIGNATURE_BYTES)) p.add('signature', `must be ${SIGNATURE_BYTES} bytes of binary (an Ed25519 signature over the challenge transcript)`);
  str(p, o, 'clientId', ID_MAX, true);
  if (o.enrollmentToken !== undefined && (typeof o.enrollmentToken !== 'string' || enrollmentTokenId(o.enrollmentToken) === null))
    p.add('enrollmentToken', 'must be an enrollment token as created by POST /api/enrollment-tokens (et_<32 hex>.<43 base64url>)');
  if ((o.clientId === undefined) === (o.enrollmentToken === undefined)) p.add('clientId', 'or enrollmentToken: exactly one must be given');
  if (o.sessionToken !== undefined) p.add('sessionToken', 'is no longer accepted (protocol 2 signs a fresh challenge instead)');
  return done(p, o);
}

export function validateModelFetch(v: unknown): Validated<ModelFetchRequest> {
  const s = start(v);
  if (!s) return notObject;
  const [p, o] = s;
  str(p, o, 'hash', 128);
  int(p, o, 'index', 0, Math.ceil(MAX_MODEL_BYTES / 1024));
  return done(p, o);
}

export function validateUpdateChunk(v: unknown, maxChunkBytes = MAX_CHUNK_BYTES): Validated<UpdateChunk> {
  const s = start(v);
  if (!s) return notObject;
  const [p, o] = s;
  str(p, o, 'taskId', ID_MAX);
  int(p, o, 'total', 1, Math.ceil(MAX_MODEL_BYTES / 1024));
  int(p, o, 'index', 0, MAX_INT);
  if (typeof o.index === 'number' && typeof o.total === 'number' && o.index >= o.total) p.add('index', 'must be below total');
  int(p, o, 'totalBytes', 1, MAX_MODEL_BYTES);
  bytes(p, o, 'data', maxChunkBytes);
  return done(p, o);
}

function metrics(p: Problems, o: Record<string, unknown>): void {
  if (!isRecord(o.metrics)) p.add('metrics', 'must be an object');
  else {
    finite(p, o.metrics, 'loss');
    finite(p, o.metrics, 'accuracy', 0, 1);
    int(p, o.metrics, 'examplesProcessed', 0, MAX_INT);
    finite(p, o.metrics, 'seconds', 0);
  }
}

/** `{ taskId, stage, message }`: what both secure-aggregation envelopes carry (`@fl/secagg` validates the packed body). */
function secAggEnvelope(p: Problems, o: Record<string, unknown>): void {
  str(p, o, 'taskId', ID_MAX);
  oneOf(p, o, 'stage', SECAGG_STAGES);
  bytes(p, o, 'message', MAX_CHUNK_BYTES);
}

export function validateSecAggSubmit(v: unknown): Validated<SecAggSubmit> {
  const s = start(v);
  if (!s) return notObject;
  const [p, o] = s;
  secAggEnvelope(p, o);
  if (o.stage === 'masked-input') {
    // A masked input carries them; a complaint sent instead (docs/secure-aggregation.md "Blame") carries none.
    if (o.numExamples !== undefined || o.metrics !== undefined || o.clipFraction !== undefined) {
      int(p, o, 'numExamples', 1, MAX_INT);
      metrics(p, o);
      if (o.clipFraction !== undefined) finite(p, o, 'clipFraction', 0, 1);
    }
  } else if (o.numExamples !== undefined || o.metrics !== undefined || o.clipFraction !== undefined) p.add('numExamples', 'and metrics belong to the masked-input stage only');
  return done(p, o);
}

/** Longest reason a `task:withdraw` may give. */
export const MAX_WITHDRAW_REASON = 500;

/** The codes a `task:withdraw` may carry: a privacy-policy refusal or a local training failure. */
export const WITHDRAW_CODES: readonly string[] = [...POLICY_REFUSAL_CODES, ...TRAINING_FAILURE_CODES];

/** `task:withdraw`: the task, one of `WITHDRAW_CODES` and a short reason. */
export function validateTaskWithdraw(v: unknown): Validated<TaskWithdraw> {
  const s = start(v);
  if (!s) return notObject;
  const [p, o] = s;
  str(p, o, 'taskId', ID_MAX);
  oneOf(p, o, 'code', WITHDRAW_CODES);
  str(p, o, 'reason', MAX_WITHDRAW_REASON);
  return done(p, o);
}

export function validateSecAggRequest(v: unknown): Validated<SecAggRequest> {
  const s = start(v);
  if (!s) return notObject;
  const [p, o] = s;
  secAggEnvelope(p, o);
  return done(p, o);
}

function roundRef(p: Problems, o: Record<string, unknown>): void {
  str(p, o, 'taskId', ID_MAX);
  str(p, o, 'jobId', ID_MAX);
  int(p, o, 'round', 1, MAX_INT);
  int(p, o, 'attempt', 1, MAX_INT);
}

export function validateUpdateCommit(v: unknown, maxChunkBytes = MAX_CHUNK_BYTES): Validated<UpdateCommit> {
  const s = start(v);
  if (!s) return notObject;
  const [p, o] = s;
  roundRef(p, o);
  if (o.data !== undefined) bytes(p, o, 'data', maxChunkBytes);
  int(p, o, 'numExamples', 1, MAX_INT);
  finite(p, o, 'proximalMu', 0);
  if (o.unclipped !== undefined && typeof o.unclipped !== 'boolean') p.add('unclipped', 'must be a boolean');
  metrics(p, o);
  return done(p, o);
}

export function validateEvaluateResult(v: unknown): Validated<EvaluateResult> {
  const s = start(v);
  if (!s) return notObject;
  const [p, o] = s;
  roundRef(p, o);
  int(p, o, 'numExamples', 1, MAX_INT);
  finite(p, o, 'loss');
  finite(p, o, 'accuracy', 0, 1);
  if (o.metrics !== undefined) extraMetrics(p, o.metrics);
  return done(p, o);
}

/** `EvaluateResult.metrics`: a bounded map of named finite numbers. */
function extraMetrics(p: Problems, m: unknown): void {
  if (!isRecord(m)) return p.add('metrics', 'must be an object of named numbers');
  const names = Object.keys(m);
  if (names.length > MAX_EVAL_METRICS) return p.add('metrics', `must have at most ${MAX_EVAL_METRICS} names (got ${names.length})`);
  for (const name of names) {
    if (name.length > MAX_METRIC_NAME_LENGTH || !METRIC_NAME_PATTERN.test(name))
      p.add(`metrics.${name.slice(0, MAX_METRIC_NAME_LENGTH)}`, `is not a metric name (1..${MAX_METRIC_NAME_LENGTH} letters, digits or _.:- starting with a letter)`);
    else if (typeof m[name] !== 'number' || !Number.isFinite(m[name])) p.add(`metrics.${name}`, 'must be a finite number');
  }
}

/**
 * A `round:task` as the edge client receives it. The coordinator is trusted to
 * mean well, not to be bug-free: a malformed task is declined with the list
 * of problems instead of crashing the client.
 */
export function validateRoundTask(v: unknown): Validated<RoundTask> {
  const s = start(v);
  if (!s) return notObject;
  const [p, o] = s;
  str(p, o, 'taskId', ID_MAX);
  oneOf(p, o, 'kind', Object.values(TaskKind));
  str(p, o, 'jobId', ID_MAX);
  str(p, o, 'dataset', MAX_NAME_LENGTH);
  int(p, o, 'round', 1, MAX_INT);
  int(p, o, 'attempt', 1, MAX_INT);
  int(p, o, 'seed', -MAX_INT, MAX_INT);
  finite(p, o, 'deadline', 0);
  if (!isRecord(o.model)) p.add('model', 'must be an object');
  else {
    const m = o.model;
    if (typeof m.hash !== 'string' || !/^[0-9a-f]{64}$/.test(m.hash)) p.add('model.hash', 'must be 64 lower-case hex digits');
    int(p, m, 'bytes', 1, MAX_MODEL_BYTES);
    int(p, m, 'chunkBytes', 1, MAX_CHUNK_BYTES);
    int(p, m, 'chunks', 1, Math.ceil(MAX_MODEL_BYTES / 1024));
    if (!Array.isArray(m.layout) || !m.layout.every((t) => isRecord(t) && typeof t.name === 'string' && Array.isArray(t.shape) && t.shape.every((d) => Number.isInteger(d) && d >= 0)))
      p.add('model.layout', 'must be a list of { name, shape }');
    if (m.topology !== null && !isRecord(m.topology)) p.add('model.topology', 'must be an object or null');
  }
  if (!isRecord(o.hyper)) p.add('hyper', 'must be an object');
  else {
    for (const k of ['localEpochs', 'batchSize', 'learningRate', 'proximalMu']) finite(p, o.hyper, k);
    if (o.hyper.momentum !== undefined) finite(p, o.hyper, 'momentum', 0, 0.999999);
    if (o.hyper.weightDecay !== undefined) finite(p, o.hyper, 'weightDecay', 0);
  }
  if (o.secure !== undefined) {
    if (!isRecord(o.secure)) p.add('secure', 'must be an object');
    else {
      const q = o.secure;
      oneOf(p, q, 'threatModel', SECAGG_THREAT_MODELS);
      finite(p, q, 'clip', Number.MIN_VALUE);
      int(p, q, 'bits', 1, 32);
      int(p, q, 'nMax', 1, 2 ** 31);
      finite(p, q, 'weightCap', Number.MIN_VALUE);
      int(p, q, 'vectorLength', 2, MAX_MODEL_BYTES);
      if (typeof q.bits === 'number' && typeof q.nMax === 'number' && q.nMax * (2 ** q.bits - 1) >= 2 ** 32) p.add('secure.bits', `overflow: nMax·(2^bits − 1) must stay below 2^32`);
      if (o.kind !== TaskKind.Train) p.add('secure', 'only train tasks are secure');
    }
  }
  if (o.privacy !== undefined) {
    if (!isRecord(o.privacy)) p.add('privacy', 'must be an object');
    else {
      const q = o.privacy;
      oneOf(p, q, 'mode', PRIVACY_MODES);
      finite(p, q, 'clip', Number.MIN_VALUE, MAX_PRIVACY_CLIP);
      finite(p, q, 'noiseMultiplier', Number.MIN_VALUE);
      finite(p, q, 'epsilon', Number.MIN_VALUE);
      finite(p, q, 'delta', Number.MIN_VALUE, 1);
      finite(p, q, 'samplingRate', Number.MIN_VALUE, 1);
      int(p, q, 'cohort', 0, MAX_INT);
      int(p, q, 'minContributors', 1, MAX_INT);
      if (o.kind !== TaskKind.Train) p.add('privacy', 'only train tasks carry privacy parameters');
      if (q.mode === 'distributed-ddg') {
        if (!isRecord(q.ddg)) p.add('privacy.ddg', 'must be an object in distributed-ddg mode');
        else {
          const g = q.ddg;
          if (typeof g.seed !== 'string' || !/^[0-9a-f]{64}$/.test(g.seed)) p.add('privacy.ddg.seed', 'must be 64 lower-case hex digits');
          int(p, g, 'dim', 1, MAX_MODEL_BYTES);
          if (typeof g.dim === 'number' && (g.dim & (g.dim - 1)) !== 0) p.add('privacy.ddg.dim', 'must be a power of two');
          finite(p, g, 'scale', Number.MIN_VALUE);
          finite(p, g, 'beta', 0, 0.999999);
          finite(p, g, 'localVariance', 0);
          int(p, g, 'bits', 1, 32);
          if (g.countAmplitude !== undefined) int(p, g, 'countAmplitude', 1, 2 ** 30);
        }
        if (o.secure === undefined) p.add('privacy', 'distributed-ddg needs a secure task');
      }
    }
  }
  return done(p, o);
}
