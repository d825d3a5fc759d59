import type { ModelRef } from '@fl/protocol';
import { modelHash } from '@fl/fl-core/node';
import { ModelStore } from './model-store';

function blob(n: number, seed = 1): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
}

function ref(bytes: Uint8Array, chunkBytes: number, hash = modelHash(bytes)): ModelRef {
  return { hash, bytes: bytes.byteLength, chunkBytes, chunks: Math.ceil(bytes.byteLength / chunkBytes), layout: [], topology: null };
}

const fetcherFor = (bytes: Uint8Array, chunkBytes: number, asked: number[]) => async (_h: string, i: number) => {
  asked.push(i);
  return bytes.slice(i * chunkBytes, (i + 1) * chunkBytes);
};

describe(ModelStore.name, () => {
  it('hashes with SHA-256 (empty-input vector, FIPS 180-4)', () => {
    expect(modelHash(new Uint8Array(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('assembles chunks in order and caches the blob by hash', async () => {
    const b = blob(100);
    const asked: number[] = [];
    const store = new ModelStore();
    const got = await store.get(ref(b, 32), fetcherFor(b, 32, asked));
    expect(Array.from(got)).toEqual(Array.from(b));
    expect(asked).toEqual([0, 1, 2, 3]);
    await store.get(ref(b, 32), fetcherFor(b, 32, asked));
    expect(asked).toHaveLength(4);
  });

  it('refuses a blob whose hash does not match, and does not cache it', async () => {
    const b = blob(50);
    const r = ref(b, 16, '0'.repeat(64));
    const store = new ModelStore();
    await expect(store.get(r, fetcherFor(b, 16, []))).rejects.toMatchObject({ code: 'HASH_MISMATCH' });
    expect(store.has(r.hash)).toBe(false);
  });

  it('refuses a chunk of the wrong length', async () => {
    const b = blob(50);
    const store = new ModelStore();
    await expect(store.get(ref(b, 16), async () => new Uint8Array(3))).rejects.toMatchObject({ code: 'BAD_MODEL' });
  });

  it('keeps the chunks it has after a failed fetch and asks only for the rest', async () => {
    const b = blob(64);
    const asked: number[] = [];
    const store = new ModelStore();
    const r = ref(b, 16);
    const flaky = async (h: string, i: number) => {
      if (i === 2 && asked.filter((x) => x === 2).length === 0) {
        asked.push(i);
        throw new Error('connection lost');
      }
      return fetcherFor(b, 16, asked)(h, i);
    };
    await expect(store.get(r, flaky)).rejects.toThrow('connection lost');
    await store.get(r, flaky);
    expect(asked).toEqual([0, 1, 2, 2, 3]);
  });

  it('keeps only the most recent complete blobs', async () => {
    const store = new ModelStore(2);
    const bs = [blob(10, 1), blob(10, 2), blob(10, 3)];
    for (const b of bs) await store.get(ref(b, 8), fetcherFor(b, 8, []));
    expect(bs.map((b) => store.has(modelHash(b)))).toEqual([false, true, true]);
  });

  it('keeps no blob at all with a cache size of 0 (virtual clients, docs/simulation.md), yet returns it', async () => {
    const b = blob(40);
    const asked: number[] = [];
    const store = new ModelStore(0);
    const got = await store.get(ref(b, 16), fetcherFor(b, 16, asked));
    expect(Array.from(got)).toEqual(Array.from(b));
    expect(store.has(modelHash(b))).toBe(false);
    await store.get(ref(b, 16), fetcherFor(b, 16, asked));
    expect(asked).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('stops when cancelled between chunks', async () => {
    const b = blob(64);
    const asked: number[] = [];
    const store = new ModelStore();
    await expect(store.get(ref(b, 16), fetcherFor(b, 16, asked), () => asked.length >= 2)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(asked).toEqual([0, 1]);
  });
});
