import { loadDataSpec, parseDataSpec, selectClientData } from '@fl/trainer-tfjs/node';
import { clientIndices, loadSharedData, sharedBase } from './shared-data';

jest.setTimeout(60_000);

describe('simulation shared data', () => {
  it("gives each virtual client exactly the data fl-client would load from the same spec", async () => {
    // Prepare
    const template = 'mnist?limit=3000&shard=i/12&alpha=0.5&seed=4&test=0.2';

    // Execute
    const shared = await loadSharedData(template, 5);

    // Assert: same examples, same order, same counts as loadDataSpec
    expect(shared.clients.map((c) => c.spec)).toEqual([0, 1, 2, 3, 4].map((k) => `mnist?limit=3000&shard=${k}/12&alpha=0.5&seed=4&test=0.2`));
    for (const k of [0, 3]) {
      const own = await loadDataSpec(shared.clients[k].spec);
      const viaShare = selectClientData(sharedBase(shared.message), parseDataSpec(shared.clients[k].spec), clientIndices(shared.message, k));
      expect(shared.clients[k].dataset).toEqual({ name: 'mnist', numExamples: own.train.count });
      expect(viaShare.train.count).toBe(own.train.count);
      expect(Buffer.from(viaShare.train.x.buffer, viaShare.train.x.byteOffset, viaShare.train.x.byteLength).equals(Buffer.from(own.train.x.buffer, own.train.x.byteOffset, own.train.x.byteLength))).toBe(true);
      expect([...viaShare.train.y]).toEqual([...own.train.y]);
      expect([...viaShare.test!.y]).toEqual([...own.test!.y]);
    }
  });

  it('keeps the data once, in shared memory, and the shares disjoint', async () => {
    const shared = await loadSharedData('mnist?limit=1000&shard=i/10', 10);

    expect(shared.message.x).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.message.count).toBe(1000);
    const all = Array.from({ length: 10 }, (_, k) => [...clientIndices(shared.message, k)]).flat();
    expect(all).toHaveLength(1000);
    expect(new Set(all).size).toBe(1000);
    expect(shared.clients.every((c) => c.dataset.numExamples === 100)).toBe(true);
  });

  it('refuses a template without the client index, or with fewer shards than clients', async () => {
    await expect(loadSharedData('mnist?shard=2/10', 3)).rejects.toMatchObject({ code: 'USAGE', message: expect.stringMatching(/shard=i\/N/) });
    await expect(loadSharedData('mnist?limit=100&shard=i/4', 5)).rejects.toMatchObject({ code: 'USAGE', message: expect.stringMatching(/fewer shards than --clients 5/) });
    await expect(loadSharedData('mnist?shard=i/4&colour=red', 2)).rejects.toMatchObject({ code: 'USAGE', message: expect.stringMatching(/unknown key 'colour'/) });
  });
});
