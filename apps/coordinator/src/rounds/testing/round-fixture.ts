/**
 * @module rounds/testing/round-fixture
 * In-test implementations of the round engine's ports (cohort, link, models,
 * router) plus helpers to build updates. Used by the round and job-runner
 * unit specs together with {@link FakeClock}; the engine itself is real.
 */
import { serializeWeights, type ModelWeights } from '@fl/fl-core';
import { type JobConfig, type ModelRef, type RoundTask, type SecAggRequest, type TaskAcceptReply, type TaskCancel, type UpdateChunk, type UpdateCommit } from '@fl/protocol';
import type { CohortPort, ModelPort, RoundLogger, TaskPort, TaskRouter } from '../round-ports';
import type { RoundDeps, RoundSetup } from '../round-run';
import { createStrategy } from '@fl/fl-core';
import { FakeClock } from './fake-clock';
import { SECURE_AGGREGATION_DEFAULTS } from '../../jobs/job-defaults';

export class FakeCohort implements CohortPort {
  readonly busy = new Map<string, string>();
  readonly examples = new Map<string, number>();
  readonly signingKeys = new Map<string, Uint8Array>();
  constructor(public connected: string[]) {}
  eligible(_dataset?: string, signed = false): string[] {
    return this.connected.filter((id) => !this.busy.has(id) && (!signed || this.signingKeys.has(id))).sort();
  }
  nameOf(clientId: string): string {
    return `name-of-${clientId}`;
  }
  numExamplesOf(clientId: string): number {
    return this.examples.get(clientId) ?? 10;
  }
  signingKeyOf(clientId: string): Uint8Array | null {
    return this.signingKeys.get(clientId) ?? null;
  }
  assignTask(clientId: string, taskId: string): void {
    this.busy.set(clientId, taskId);
  }
  releaseTask(clientId: string, taskId: string): void {
    if (this.busy.get(clientId) === taskId) this.busy.delete(clientId);
  }
}

/** Records offers; the test (or `answer`) decides each reply. */
export class FakeLink implements TaskPort {
  readonly offers: RoundTask[] = [];
  readonly cancels: Array<TaskCancel & { clientId: string }> = [];
  private readonly resolvers = new Map<string, (r: TaskAcceptReply) => void>();
  /** Immediate answer per client; undefined → the test answers with `reply`. */
  answer: (clientId: string, task: RoundTask) => TaskAcceptReply | undefined = () => ({ accepted: true });

  offerTask(clientId: string, task: RoundTask): Promise<TaskAcceptReply> {
    this.offers.push(task);
    const a = this.answer(clientId, task);
    if (a) return Promise.resolve(a);
    return new Promise((resolve) => this.resolvers.set(task.taskId, resolve));
  }
  reply(taskId: string, r: TaskAcceptReply): void {
    this.resolvers.get(taskId)?.(r);
  }
  cancelTask(clientId: string, msg: TaskCancel): void {
    this.cancels.push({ ...msg, clientId });
  }
  /** Secure-aggregation requests as sent, in order; `onSecAgg` may answer them. */
  readonly secagg: Array<SecAggRequest & { clientId: string }> = [];
  onSecAgg: (clientId: string, req: SecAggRequest) => void = () => undefined;
  sendSecAgg(clientId: string, build: () => SecAggRequest): void {
    const req = build();
    this.secagg.push({ ...req, clientId });
    this.onSecAgg(clientId, req);
  }
  /** The task most recently offered to `clientId`. */
  taskOf(clientId: string, kind = 'train'): RoundTask {
    const t = [...this.offers].reverse().find((o) => o.kind === kind && this.clientOf.get(o.taskId) === clientId);
    if (!t) throw new Error(`no ${kind} task for ${clientId}`);
    return t;
  }
  readonly clientOf = new Map<string, string>();
}

export class FakeModels implements ModelPort {
  readonly saved: ModelWeights[] = [];
  async save(weights: ModelWeights): Promise<{ hash: string }> {
    this.saved.push(weights);
    return { hash: `model-${this.saved.length}` };
  }
  async refOf(hash: string): Promise<ModelRef> {
    const w = this.saved[Number(hash.split('-')[1]) - 1];
    return { hash, bytes: 4 * w.data.length, chunkBytes: 1 << 20, chunks: 1, layout: w.layout, topology: null };
  }
}

export const quietLogger: RoundLogger = { log: () => undefined, warn: () => undefined, debug: () => undefined };

export function baseConfig(over: Partial<JobConfig> = {}): JobConfig {
  return {
    name: 'unit',
    model: { builtin: 'synthetic', params: 4 },
    dataset: 'synth',
    rounds: 1,
    clientsPerRound: 3,
    minClients: 2,
    overSelection: 0,
    roundDeadlineSeconds: 60,
    waitForClientsSeconds: 30,
    maxRoundRetries: 0,
    localEpochs: 1,
    batchSize: 8,
    learningRate: 0.1,
    seed: 7,
    strategy: { name: 'fedavg' },
    evaluate: false,
    secureAggregation: { ...SECURE_AGGREGATION_DEFAULTS, enabled: false },
    ...over,
  };
}

/** Round 1 of job `job-1` from the model `global`, with the config's strategy in its initial state. */
export function roundSetup(config: JobConfig, global: ModelWeights, attempt = 1): RoundSetup {
  const strategy = createStrategy(config.strategy);
  return {
    jobId: 'job-1',
    round: 1,
    attempt,
    config,
    global,
    globalRef: { hash: 'g', bytes: 0, chunkBytes: 1 << 20, chunks: 1, layout: global.layout, topology: null },
    strategy,
    strategyState: strategy.initState(global),
    taskAckTimeoutMs: 1000,
  };
}

export function fixture(connected: string[]) {
  const clock = new FakeClock();
  const cohort = new FakeCohort(connected);
  const link = new FakeLink();
  const models = new FakeModels();
  const tasks = new Map<string, unknown>();
  let n = 0;
  const router: TaskRouter = { open: (taskId, owner) => tasks.set(taskId, owner) };
  const deps: RoundDeps = {
    clock,
    cohort: {
      eligible: (d, signed) => cohort.eligible(d, signed),
      nameOf: (c) => cohort.nameOf(c),
      numExamplesOf: (c) => cohort.numExamplesOf(c),
      signingKeyOf: (c) => cohort.signingKeyOf(c),
      assignTask: (c, t) => {
        link.clientOf.set(t, c);
        cohort.assignTask(c, t);
      },
      releaseTask: (c, t) => cohort.releaseTask(c, t),
    } as CohortPort,
    link,
    models,
    router,
    newTaskId: () => `task-${++n}`,
    onChange: () => undefined,
    logger: quietLogger,
  };
  return { clock, cohort, link, models, tasks, deps };
}

/** Serialized x_t + c; a non-finite `c` is written into the bytes after serializing (the encoder refuses it). */
export function updateBytes(global: ModelWeights, c: number): Uint8Array {
  const data = new Float32Array(global.data.length);
  for (let i = 0; i < data.length; i++) data[i] = global.data[i] + (Number.isFinite(c) ? c : 0);
  const bytes = serializeWeights({ layout: global.layout, data });
  if (!Number.isFinite(c)) new DataView(bytes.buffer, bytes.byteOffset).setFloat32(bytes.byteLength - 4, c, true);
  return bytes;
}

/** An update message pair for `task`: x_t + c, one chunk. */
export function updateFor(task: RoundTask, global: ModelWeights, c: number, numExamples: number): { chunk: UpdateChunk; commit: UpdateCommit } {
  const bytes = updateBytes(global, c);
  return {
    chunk: { taskId: task.taskId, index: 0, total: 1, totalBytes: bytes.byteLength, data: bytes },
    commit: { taskId: task.taskId, jobId: task.jobId, round: task.round, attempt: task.attempt, numExamples, metrics: { loss: 1, accuracy: 0.5, examplesProcessed: numExamples, seconds: 1 }, proximalMu: 0 },
  };
}

