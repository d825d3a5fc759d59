/**
 * Model size limits on the real coordinator: a topology over MAX_MODEL_BYTES
 * (a 9000×9000 dense layer, 324 MB) is refused in milliseconds, with a code,
 * for job creation and for registry import, because it is sized from its JSON
 * and never built; a layer class the size check does not know is refused
 * clearly; and a legal large model is built off the event loop (the
 * model-build worker), which keeps turning meanwhile.
 */
import { modelRefusalCases } from './support/model-topologies';
import { startHarness, type Harness } from './support/harness';
import { modelBuilder } from '../../apps/coordinator/src/models/model-builder';

interface Refusal {
  statusCode: number;
  code?: string;
  message: string[];
}

const dense = (inputs: number, units: number) => ({
  class_name: 'Sequential',
  config: { name: 'big', layers: [{ class_name: 'Dense', config: { name: 'd', units, batch_input_shape: [null, inputs] } }] },
});

/** The longest gap between 5 ms timer ticks while `work` runs (this test shares the coordinator's event loop). */
async function longestStall<T>(work: Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  try {
    return { result: await work, stallMs };
  } finally {
    clearInterval(timer);
  }
}

describe('model limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
    await modelBuilder.close();
  });

  const upload = async (modelJson: object, weights: Buffer) => {
    const form = new FormData();
    form.append('model.json', new Blob([JSON.stringify(modelJson)]), 'model.json');
    form.append('model.weights.bin', new Blob([new Uint8Array(weights)]), 'model.weights.bin');
    const res = await fetch(`${h.url}/api/models/import`, { method: 'POST', body: form, headers: h.auth() });
    return { status: res.status, body: (await res.json()) as Refusal };
  };

  it('refuses a 9000×9000 dense topology in < 100 ms, with MODEL_TOO_LARGE, at job creation and at import', async () => {
    // Prepare: warm the route and its 400 path once (first-request costs are not the check's).
    await h.rest('POST', '/jobs', { model: { layers: dense(10, 2) }, dataset: 'd', secureAggregation: { enabled: false } });
    await h.rest('POST', '/jobs', { model: { layers: { class_name: 'Nope', config: {} } }, dataset: 'd' });
    await upload({}, Buffer.alloc(0));
    const topology = dense(9000, 9000);
    const manifest = { modelTopology: topology, weightsManifest: [{ paths: ['w'], weights: [{ name: 'd/kernel', shape: [9000, 9000], dtype: 'float32' }, { name: 'd/bias', shape: [9000], dtype: 'float32' }] }] };

    // Execute
    let t0 = performance.now();
    const create = await h.rest<Refusal>('POST', '/jobs', { model: { layers: topology }, dataset: 'd' });
    const createMs = performance.now() - t0;
    t0 = performance.now();
    const imported = await upload(manifest, Buffer.alloc(16));
    const importMs = performance.now() - t0;

    // Assert
    expect([create.status, create.body.code]).toEqual([400, 'MODEL_TOO_LARGE']);
    expect(create.body.message[0]).toMatch(/^model\.layers: the model has 81,009,000 parameters, 309\.\d MiB serialized, above the 256 MiB limit/);
    expect(createMs).toBeLessThan(100);
    expect([imported.status, imported.body.code]).toEqual([400, 'MODEL_TOO_LARGE']);
    expect(imported.body.message[0]).toMatch(/^modelTopology: the model has 81,009,000 parameters/);
    expect(importMs).toBeLessThan(100);
  });

  it.each(modelRefusalCases())('refuses %s at job creation with %s', async (_what, code, message, layers) => {
    const r = await h.rest<Refusal>('POST', '/jobs', { model: { layers }, dataset: 'd' });
    expect([r.status, r.body.code]).toEqual([400, code]);
    expect(r.body.message[0]).toContain(message);
  });

  it('builds a legal large model (9M parameters, 36 MB) in the model-build worker while the event loop keeps turning', async () => {
    // Execute
    const { result, stallMs } = await longestStall(h.rest<{ id: string; parameterCount: number; modelHash: string }>('POST', '/jobs', { model: { layers: dense(3000, 3000) }, dataset: 'd', secureAggregation: { enabled: false } }));

    // Assert: built in the worker (its thread is up), never blocking the loop for the seconds a 36 MB build takes.
    expect(result.status).toBe(201);
    expect(result.body.parameterCount).toBe(3000 * 3000 + 3000);
    expect(modelBuilder.thread).not.toBeNull();
    expect(stallMs).toBeLessThan(250);
    const w = await h.weights(result.body.modelHash);
    expect(w.length).toBe(3000 * 3000 + 3000);
  });
});
