import type { Worker } from 'node:worker_threads';
import { ErrorCode } from '@fl/protocol';
import { ProtocolException } from '../common/errors/protocol.exception';
import { CoordinatorMetrics } from '../metrics/coordinator-metrics';
import { BulkChannel } from './bulk-channel';
import type { BulkAnswer } from './bulk-messages';

/** The event-loop side answering the bulk worker's model questions (no worker started: answers are read off a recording port). */
describe(BulkChannel.name, () => {
  function channel() {
    const fetched: [string, string, number][] = [];
    const answers: BulkAnswer[] = [];
    const clients = {
      authenticate: (clientId: string, token: string) => {
        if (token !== 'good') throw new ProtocolException(ErrorCode.NotRegistered, 'bad bulk credential');
        return { id: clientId };
      },
    };
    const models = { chunkRange: async (_hash: string, index: number) => ({ start: index * 4, end: index * 4 + 4 }) };
    const rounds = { modelFetched: (clientId: string, hash: string, index: number) => fetched.push([clientId, hash, index]) };
    const c = new BulkChannel({ bulkPort: -1 } as never, {} as never, clients as never, models as never, rounds as never, new CoordinatorMetrics());
    const port = { postMessage: (a: BulkAnswer) => answers.push(a) } as unknown as Worker;
    return { c, port, fetched, answers };
  }

  it('tells the rounds about an authorized model download, and not about a refused one', async () => {
    // Prepare
    const t = channel();
    const hash = 'a'.repeat(64);
    // Execute
    await t.c['answer'](t.port, { id: 1, op: 'model', hash, index: 0, clientId: 'c1', token: 'good' });
    await t.c['answer'](t.port, { id: 2, op: 'model', hash, index: 0, clientId: 'c2', token: 'bad' });
    // Assert
    expect(t.answers).toEqual([
      { id: 1, ok: true, start: 0, end: 4 },
      { id: 2, ok: false, error: expect.objectContaining({ code: ErrorCode.NotRegistered }) },
    ]);
    expect(t.fetched).toEqual([['c1', hash, 0]]);
  });
});
