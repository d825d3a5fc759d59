/**
 * @module task-guard
 * Boundary check of a `round:task` payload before the agent looks at it. The
 * coordinator is trusted to be well-meaning, not to be bug-free: a malformed
 * task is declined with a reason instead of crashing the client.
 */
import type { RoundTask } from '@fl/protocol';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isInteger(v);

/** Problems with `v` as a RoundTask; empty when it is well formed. */
export function roundTaskProblems(v: unknown): string[] {
  if (!isObj(v)) return ['task must be an object'];
  const p: string[] = [];
  for (const k of ['taskId', 'kind', 'jobId', 'dataset'] as const) if (!isStr(v[k])) p.push(`${k} must be a string`);
  for (const k of ['round', 'attempt', 'seed'] as const) if (!isInt(v[k])) p.push(`${k} must be an integer`);
  if (!isNum(v.deadline)) p.push('deadline must be a number');
  const m = v.model;
  if (!isObj(m)) p.push('model must be an object');
  else {
    if (!isStr(m.hash) || !/^[0-9a-fA-F]{64}$/.test(m.hash)) p.push('model.hash must be a hex SHA-256');
    for (const k of ['bytes', 'chunkBytes', 'chunks'] as const) if (!isInt(m[k])) p.push(`model.${k} must be an integer`);
    if (!Array.isArray(m.layout) || !m.layout.every((t) => isObj(t) && isStr(t.name) && Array.isArray(t.shape) && t.shape.every(isInt))) {
      p.push('model.layout must be a list of { name, shape }');
    }
    if (m.topology !== null && !isObj(m.topology)) p.push('model.topology must be an object or null');
  }
  const h = v.hyper;
  if (!isObj(h)) p.push('hyper must be an object');
  else for (const k of ['localEpochs', 'batchSize', 'learningRate', 'proximalMu'] as const) if (!isNum(h[k])) p.push(`hyper.${k} must be a number`);
  return p;
}

export function isRoundTask(v: unknown): v is RoundTask {
  return roundTaskProblems(v).length === 0;
}
