import { initialWeights, selectBackend } from '@fl/trainer-tfjs/node';
import type { RoundTask } from '@fl/protocol';
import type { ModelWeights } from '@fl/fl-core';
import { TfjsTrainer } from './tfjs-trainer';

jest.setTimeout(60_000);

describe(TfjsTrainer.name, () => {
  let trainer: TfjsTrainer;
  let global: ModelWeights;
  let topology: object;

  beforeAll(async () => {
    await selectBackend('wasm');
    trainer = await TfjsTrainer.create('mnist?limit=80&test=0.25&seed=3', 'wasm');
    const init = await initialWeights({ builtin: 'mnist-cnn' }, 1);
    global = init.weights;
    topology = init.topology;
  });
  afterAll(() => trainer.dispose());

  const task = (kind: 'train' | 'evaluate'): RoundTask => ({
    taskId: 't',
    kind,
    jobId: 'j',
    round: 1,
    attempt: 1,
    dataset: 'mnist',
    model: { hash: '0'.repeat(64), bytes: 1, chunkBytes: 1, chunks: 1, layout: global.layout, topology },
    hyper: { localEpochs: 1, batchSize: 16, learningRate: 0.1, proximalMu: 0 },
    seed: 5,
    deadline: Date.now() + 60_000,
  });

  it('announces the dataset name and its training example count', () => {
    expect(trainer.dataset).toEqual({ name: 'mnist', numExamples: 60 });
    expect(trainer.testExamples).toBe(20);
  });

  it('trains the global weights on local data and reports n_k and metrics', async () => {
    const out = await trainer.train(task('train'), global, new AbortController().signal);
    expect(out.numExamples).toBe(60);
    expect(out.weights.layout).toEqual(global.layout);
    expect(out.weights.data.some((v, i) => v !== global.data[i])).toBe(true);
    expect(out.metrics.examplesProcessed).toBe(60);
    expect(Number.isFinite(out.metrics.loss)).toBe(true);
    expect(out.proximalMu).toBe(0);
  });

  it('is deterministic for the same task seed and global weights', async () => {
    const a = await trainer.train(task('train'), global, new AbortController().signal);
    const b = await trainer.train(task('train'), global, new AbortController().signal);
    expect(Array.from(b.weights.data)).toEqual(Array.from(a.weights.data));
  });

  it('evaluates on the local test split', async () => {
    const r = await trainer.evaluate(task('evaluate'), global);
    expect(r.numExamples).toBe(20);
    expect(r.accuracy).toBeGreaterThanOrEqual(0);
    expect(r.accuracy).toBeLessThanOrEqual(1);
  });

  it('stops when the task is aborted', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(trainer.train(task('train'), global, ctrl.signal)).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('refuses a layout-only model', async () => {
    const t = task('train');
    t.model.topology = null;
    await expect(trainer.train(t, global, new AbortController().signal)).rejects.toMatchObject({ code: 'BAD_MODEL' });
  });
});
