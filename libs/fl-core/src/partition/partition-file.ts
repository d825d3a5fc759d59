/**
 * @module partition/partition-file
 * A partition as a JSON document, so that a run can be repeated exactly and
 * the same split fed to another framework:
 *
 * ```json
 * { "format": "fl-partition/1", "partition": "dir:0.5", "seed": 1,
 *   "examples": 60000, "classes": 10, "parties": [[4, 17, …], …] }
 * ```
 *
 * `parties[j]` lists party j's example indices (0-based, into the training
 * set in file order) in the order the party holds them. `examples` is the
 * size of the set the indices refer to; a reader checks it against its data.
 */
import { assertNoProblems, InvalidArgumentError } from '../errors/invalid-argument-error';
import { partitionLabels } from './niid-partitions';
import { formatPartitionSpec, parsePartitionSpec, type PartitionSpec } from './partition-spec';

export const PARTITION_FORMAT = 'fl-partition/1';
/** Largest partition document accepted (bytes of JSON text). */
export const MAX_PARTITION_JSON_CHARS = 64 * 1024 * 1024;

export interface PartitionFile {
  format: typeof PARTITION_FORMAT;
  partition: string;
  seed: number;
  examples: number;
  classes: number;
  parties: number[][];
}

/** Partitions `labels` and returns the document (see the module comment). */
export function createPartitionFile(labels: ArrayLike<number>, parties: number, spec: PartitionSpec | string, seed: number): PartitionFile {
  const s = typeof spec === 'string' ? parsePartitionSpec(spec) : spec;
  let classes = 0;
  for (let i = 0; i < labels.length; i++) classes = Math.max(classes, labels[i] + 1);
  return { format: PARTITION_FORMAT, partition: formatPartitionSpec(s), seed, examples: labels.length, classes, parties: partitionLabels(labels, parties, s, seed) };
}

/**
 * Parses and checks a partition document: the format tag, a valid spec, and
 * parties whose indices are integers in [0, examples), each used at most once.
 * @throws InvalidArgumentError naming the first problems found.
 */
export function parsePartitionFile(text: string): PartitionFile {
  if (typeof text !== 'string' || text.length > MAX_PARTITION_JSON_CHARS)
    assertNoProblems('partition file', [`must be JSON text of at most ${MAX_PARTITION_JSON_CHARS} characters`]);
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new InvalidArgumentError('partition file', [`not JSON: ${(e as Error).message}`]);
  }
  const problems: string[] = [];
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) assertNoProblems('partition file', ['must be a JSON object']);
  if (doc.format !== PARTITION_FORMAT) problems.push(`format must be "${PARTITION_FORMAT}" (got ${JSON.stringify(doc.format)})`);
  if (typeof doc.partition !== 'string') problems.push('partition must be a string');
  else {
    try {
      parsePartitionSpec(doc.partition);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  if (!Number.isSafeInteger(doc.seed)) problems.push('seed must be an integer');
  const examples = doc.examples as number;
  if (!Number.isSafeInteger(examples) || examples < 1) problems.push('examples must be a positive integer');
  if (!Number.isSafeInteger(doc.classes) || (doc.classes as number) < 1) problems.push('classes must be a positive integer');
  if (!Array.isArray(doc.parties) || doc.parties.length === 0) problems.push('parties must be a non-empty list of index lists');
  assertNoProblems('partition file', problems);
  const seen = new Uint8Array(examples);
  (doc.parties as unknown[]).forEach((party, j) => {
    if (!Array.isArray(party)) return problems.push(`parties[${j}] must be a list of indices`);
    for (const i of party) {
      if (!Number.isInteger(i) || i < 0 || i >= examples) return problems.push(`parties[${j}] holds ${JSON.stringify(i)}, not an index in [0, ${examples})`);
      if (seen[i]) return problems.push(`index ${i} appears twice (parties[${j}])`);
      seen[i] = 1;
    }
    return undefined;
  });
  assertNoProblems('partition file', problems.slice(0, 5));
  return doc as unknown as PartitionFile;
}
