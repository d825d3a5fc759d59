import { modelHash } from '@fl/fl-core/node';
import { createHash } from 'node:crypto';
import { ErrorCode } from '@fl/protocol';
import { deserializeWeights } from '@fl/fl-core';
import { defaultConfig } from '../config/config.parser';
import { InMemoryModelStore } from '../persistence/in-memory-model.store';
import { ModelsService } from './models.service';
import { modelBuilder } from './model-builder';

describe(ModelsService.name, () => {
  const config = defaultConfig({ modelChunkBytes: 1024 });
  // The model-build worker thread is shared by the process: stop it, or Jest waits for it.
  afterAll(() => modelBuilder.close());

  it('creates the synthetic model deterministically from the seed, content-addressed by its model hash', async () => {
    const s = new ModelsService(new InMemoryModelStore(), config);
    const a = await s.createInitial({ builtin: 'synthetic', params: 1000 }, 1);
    const b = await s.createInitial({ builtin: 'synthetic', params: 1000 }, 1);
    const c = await s.createInitial({ builtin: 'synthetic', params: 1000 }, 2);
    expect(a.hash).toBe(b.hash);
    expect(a.hash).not.toBe(c.hash);
    expect(a.hash).toBe(modelHash(a.bytes));
    const w = deserializeWeights(a.bytes);
    expect(w.layout).toEqual([{ name: 'synthetic/w', shape: [1000] }]);
    expect(a.topology).toBeNull();
    expect(Math.max(...Array.from(w.data, Math.abs))).toBeLessThanOrEqual(0.05);
  });

  it('serves chunks that reassemble into the stored bytes, and refuses unknown hashes and indices', async () => {
    const s = new ModelsService(new InMemoryModelStore(), config);
    const m = await s.createInitial({ builtin: 'synthetic', params: 1000 }, 1);
    const ref = s.ref(m);
    expect(ref).toMatchObject({ hash: m.hash, bytes: m.bytes.byteLength, chunkBytes: 1024, chunks: Math.ceil(m.bytes.byteLength / 1024) });
    const parts = [];
    for (let i = 0; i < ref.chunks; i++) parts.push((await s.fetchChunk(m.hash, i)).data);
    expect(Buffer.concat(parts).equals(Buffer.from(m.bytes))).toBe(true);
    await expect(s.fetchChunk(m.hash, ref.chunks)).rejects.toMatchObject({ code: ErrorCode.UnknownModel });
    await expect(s.fetchChunk('0'.repeat(64), 0)).rejects.toMatchObject({ code: ErrorCode.UnknownModel });
  });
});
