import { Logger } from '@nestjs/common';
import type { CentralizedEvaluation } from '@fl/protocol';
import type { CoordinatorConfig } from '../config/coordinator-config';
import type { ModelsService } from '../models/models.service';
import { InMemoryModelVersionsRepository } from '../persistence/in-memory-model-versions.repository';
import { InMemoryJobsRepository } from '../persistence/in-memory-jobs.repository';
import type { JobRecord } from '../persistence/job-record';
import type { ModelVersionRecord } from '../persistence/model-versions.repository';
import type { ServingService } from '../serving/serving.service';
import { CentralEvaluationService } from './central-evaluation.service';

const version = (id: string): ModelVersionRecord => ({
  id, hash: `h-${id}`, jobId: 'job-1', round: 2, parentId: null, participants: [], metrics: null, secureAggregation: false, privacy: null, createdAt: new Date(0), name: null,
});

function setup(evaluate: (hash: string, data: string) => Promise<{ loss: number; accuracy: number; numExamples: number; seconds: number }>) {
  const versions = new InMemoryModelVersionsRepository();
  const models = { require: async (hash: string) => ({ hash }) } as unknown as ModelsService;
  const serving = { evaluate: (m: { hash: string }, data: string) => evaluate(m.hash, data) } as unknown as ServingService;
  const jobs = new InMemoryJobsRepository(versions);
  const service = new CentralEvaluationService({ evalDataDir: '/srv/eval' } as CoordinatorConfig, { now: () => 5000 } as never, versions, models, serving, jobs);
  return { versions, jobs, service };
}

describe(CentralEvaluationService.name, () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose']));
  it('records the result on the version, a relative path taken under --eval-data-dir', async () => {
    // Prepare
    const seen: string[] = [];
    const { versions, service } = setup(async (hash, data) => {
      seen.push(`${hash} ${data}`);
      return { loss: 1.5, accuracy: 0.42, numExamples: 100, seconds: 0.3 };
    });
    await versions.add(version('v2'));
    // Execute
    service.start('csv:test.csv?label=y', version('v2'), 'job 1 round 2');
    expect(service.pending).toBe(1);
    await service.settled();
    // Assert
    expect(seen).toEqual(['h-v2 csv:/srv/eval/test.csv?label=y']);
    const expected: CentralizedEvaluation = { status: 'done', dataset: 'csv:test.csv?label=y', numExamples: 100, loss: 1.5, accuracy: 0.42, seconds: 0.3, evaluatedAt: new Date(5000).toISOString() };
    expect((await versions.get('v2'))?.centralizedEval).toEqual(expected);
    expect(service.pending).toBe(0);
  });

  it('records a failure with its reason instead of throwing', async () => {
    const { versions, service } = setup(async () => {
      throw new Error('model input [10] does not fit the data [28, 28, 1]');
    });
    await versions.add(version('v3'));
    service.start('mnist?tail=10', version('v3'), 'job 1 round 3');
    await service.settled();
    expect((await versions.get('v3'))?.centralizedEval).toEqual({ status: 'failed', dataset: 'mnist?tail=10', error: 'model input [10] does not fit the data [28, 28, 1]', evaluatedAt: new Date(5000).toISOString() });
  });

  it('records nothing once the coordinator is shutting down', async () => {
    let finish: () => void = () => undefined;
    const { versions, service } = setup(() => new Promise((resolve) => (finish = () => resolve({ loss: 1, accuracy: 1, numExamples: 1, seconds: 1 }))));
    await versions.add(version('v4'));
    service.start('mnist?tail=10', version('v4'), 'job 1 round 4');
    await new Promise((r) => setImmediate(r));
    service.onModuleDestroy();
    finish();
    await service.settled();
    expect((await versions.get('v4'))?.centralizedEval).toBeNull();
  });

  it('at boot, evaluates the due versions a restart left without a result, and only those', async () => {
    // Prepare: a 3-round job evaluated every 2 rounds; round 2 has a result, round 3 none, round 1 is not due
    const seen: string[] = [];
    const { versions, jobs, service } = setup(async (hash) => {
      seen.push(hash);
      return { loss: 1, accuracy: 0.5, numExamples: 10, seconds: 0.1 };
    });
    const job = { id: 'job-1', config: { rounds: 3, evaluateEvery: 2, evalData: 'mnist?tail=10' }, rounds: [] } as unknown as JobRecord;
    await jobs.save(job);
    await jobs.save({ ...job, id: 'job-2', config: { rounds: 3, evaluateEvery: 1, evalData: null } } as unknown as JobRecord);
    for (const r of [1, 2, 3]) await versions.add({ ...version(`v${r}`), round: r });
    await versions.add({ ...version('w3'), jobId: 'job-2', round: 3 });
    await versions.setCentralizedEval('v2', { status: 'failed', dataset: 'mnist?tail=10', error: 'earlier', evaluatedAt: new Date(0).toISOString() });
    // Execute
    await service.onApplicationBootstrap();
    await service.settled();
    // Assert
    expect(seen).toEqual(['h-v3']);
    expect((await versions.get('v3'))?.centralizedEval).toMatchObject({ status: 'done', accuracy: 0.5 });
    expect((await versions.get('v2'))?.centralizedEval).toMatchObject({ status: 'failed', error: 'earlier' });
  });
});
