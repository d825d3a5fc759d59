/**
 * @module validate
 * Boundary validators for every client→server payload. The coordinator runs
 * these before anything else; clients may run them for symmetry.
 */
import { Backend, TaskKind } from './enums';
import { MAX_CHUNK_BYTES, MAX_MODEL_BYTES, MAX_NAME_LENGTH } from './limits';
import type { Validated } from './result';
import type { RegisterRequest } from './messages/register';
import type { RoundTask } from './messages/task';
import type { ModelFetchRequest } from './messages/model';
import type { UpdateChunk, UpdateCommit, EvaluateResult } from './messages/update';
import { Problems, isRecord, str, int, finite, bytes, oneOf } from './guards';

const MAX_INT = Number.MAX_SAFE_INTEGER;
const ID_MAX = 64;

function done<T>(p: Problems, v: unknown): Validated<T> {
  return p.list.length ? { ok: false, errors: p.list } : { ok: true, value: v as T };
}

function start(v: unknown): [Problems, Record<string, unknown>] | null {
  return isRecord(v) ? [new Problems(), v] : null;
}

const notObject = { ok: false as const, errors: ['payload must be an object'] };

export function validateRegister(v: unknown): Validated<RegisterRequest> {
  const s = start(v);
  if (!s) return notObject;
  const [p, o] = s;
  int(p, o, 'protocolVersion', 1, 1_000);
  str(p, o, 'name', MAX_NAME_LENGTH);
  oneOf(p, o, 'backend', Object.values(Backend));
  if (!isRecord(o.dataset)) p.add('dataset', 'must be an object { name, numExamples }');
  else {
    str(p, o.dataset, 'name', MAX_NAME_LENGTH);
    int(p, o.dataset, 'numExamples', 0, MAX_INT);
  }
  str(p, o, 'clientId', ID_MAX, true);
  str(p, o, 'sessionToken', ID_MAX * 2, true);
  if ((o.clientId === undefined) !== (o.sessionToken === undefined)) p.add('clientId', 'and sessionToken must be given together');
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
  if (!isRecord(o.metrics)) p.add('metrics', 'must be an object');
  else {
    finite(p, o.metrics, 'loss');
    finite(p, o.metrics, 'accuracy', 0, 1);
    int(p, o.metrics, 'examplesProcessed', 0, MAX_INT);
    finite(p, o.metrics, 'seconds', 0);
  }
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
  return done(p, o);
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
  else for (const k of ['localEpochs', 'batchSize', 'learningRate', 'proximalMu']) finite(p, o.hyper, k);
  return done(p, o);
}
