/**
 * @module evaluation/eval-data
 * Checks a job's `evalData`, the held-out dataset the coordinator evaluates
 * each evaluated model version on (docs/evaluation.md). It is a data spec, as
 * the edge client's `--data` (`@fl/trainer-tfjs/data-spec`), with two
 * restrictions because the coordinator reads it:
 * - files only under the coordinator's `--eval-data-dir` (symbolic links
 *   resolved): a job author never picks an arbitrary server path; without
 *   that folder only the built-in `mnist` and `fashion-mnist` are allowed;
 * - the whole selected set is the test set: no `shard`, `partition` or `test`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDataSpec, type DataSpec } from '@fl/trainer-tfjs/data-spec';

/** Every problem with `spec` as a job's `evalData` (empty: acceptable). */
export function evalDataProblems(spec: string, evalDataDir: string | null): string[] {
  let s: DataSpec;
  try {
    s = parseDataSpec(spec);
  } catch (e) {
    return [`evalData: ${(e as Error).message}`];
  }
  const p: string[] = [];
  if (s.shard || s.partition !== undefined || s.test > 0) p.push('evalData: shard, partition and test do not apply (the whole selected set is evaluated)');
  if (s.path !== undefined) {
    const where = insideRoot(s.path, evalDataDir);
    if (where) p.push(`evalData: ${where}`);
  }
  return p;
}

/** Why `file` may not be read (null: it may). */
function insideRoot(file: string, root: string | null): string | null {
  if (root === null) return `a path (${file}) needs the coordinator's --eval-data-dir; without it only the built-in mnist and fashion-mnist are allowed`;
  let realRoot: string;
  let real: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return `the coordinator's --eval-data-dir (${root}) does not exist`;
  }
  try {
    real = fs.realpathSync(path.resolve(realRoot, file));
  } catch {
    return `${file} does not exist under the coordinator's --eval-data-dir`;
  }
  return real === realRoot || real.startsWith(realRoot + path.sep) ? null : `${file} is outside the coordinator's --eval-data-dir`;
}

/** The spec the coordinator's workers load: a relative path is taken under `evalDataDir`. */
export function resolveEvalData(spec: string, evalDataDir: string | null): string {
  const s = parseDataSpec(spec);
  if (s.path === undefined || evalDataDir === null || path.isAbsolute(s.path)) return spec;
  const q = spec.indexOf('?');
  const head = q < 0 ? spec : spec.slice(0, q);
  return `${head.slice(0, head.indexOf(':'))}:${path.resolve(evalDataDir, s.path)}${q < 0 ? '' : spec.slice(q)}`;
}
