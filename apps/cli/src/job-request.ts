/**
 * @module job-request
 * `fl jobs create`: the CreateJobRequest from `--file job.json` (the body of
 * `POST /api/jobs`) with flags on top; a flag wins over the file. The
 * coordinator validates the result and lists every bad field.
 */
import { readFileSync } from 'node:fs';
import type { CreateJobRequest, StrategyName } from '@fl/protocol';
import { CliError } from './errors';

export interface JobFlags {
  file?: string;
  name?: string;
  model?: string;
  params?: number;
  fromVersion?: string;
  dataset?: string;
  rounds?: number;
  clientsPerRound?: number;
  minClients?: number;
  strategy?: StrategyName;
  localEpochs?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  roundDeadline?: number;
  waitForClients?: number;
  /** `--plain`: secure aggregation off. */
  plain?: boolean;
  /** `--evaluate true|false`: federated evaluation of each new global model. */
  evaluate?: boolean;
  /** `--evaluate-every K`: evaluate rounds K, 2K, … and the last. */
  evaluateEvery?: number;
  /** `--eval-data SPEC`: held-out data spec the coordinator evaluates on (docs/evaluation.md). */
  evalData?: string;
}

export function readJobFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError('FILE_UNREADABLE', `cannot read ${path}: ${(e as Error).message}`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new CliError('BAD_JOB_FILE', `${path} is not JSON: ${(e as Error).message}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new CliError('BAD_JOB_FILE', `${path} must hold a JSON object (the body of POST /api/jobs)`);
  return v as Record<string, unknown>;
}

export function jobRequest(f: JobFlags, readFile: (path: string) => Record<string, unknown> = readJobFile): CreateJobRequest {
  const req: Record<string, unknown> = f.file ? { ...readFile(f.file) } : {};
  if (f.model !== undefined && f.fromVersion !== undefined) throw new CliError('USAGE', 'give --model or --from-version, not both');
  if (f.model !== undefined) req.model = { builtin: f.model, ...(f.params !== undefined ? { params: f.params } : {}) };
  else if (f.fromVersion !== undefined) req.model = { version: f.fromVersion };
  else if (f.params !== undefined) req.model = { ...((req.model as object) ?? {}), params: f.params };
  const set = (key: string, v: unknown) => {
    if (v !== undefined) req[key] = v;
  };
  set('name', f.name);
  set('dataset', f.dataset);
  set('rounds', f.rounds);
  set('clientsPerRound', f.clientsPerRound);
  set('minClients', f.minClients);
  set('localEpochs', f.localEpochs);
  set('batchSize', f.batchSize);
  set('learningRate', f.learningRate);
  set('seed', f.seed);
  set('roundDeadlineSeconds', f.roundDeadline);
  set('waitForClientsSeconds', f.waitForClients);
  set('evaluate', f.evaluate);
  set('evaluateEvery', f.evaluateEvery);
  set('evalData', f.evalData);
  if (f.strategy !== undefined) req.strategy = { ...((req.strategy as object) ?? {}), name: f.strategy };
  if (f.plain) req.secureAggregation = { ...((req.secureAggregation as object) ?? {}), enabled: false };
  if (!req.model) throw new CliError('USAGE', 'no model: give --model NAME (e.g. mnist-cnn), --from-version ID, or --file job.json');
  if (!req.dataset) throw new CliError('USAGE', 'no dataset: give --dataset NAME or --file job.json');
  return req as unknown as CreateJobRequest;
}
