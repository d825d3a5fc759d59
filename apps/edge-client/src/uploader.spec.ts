import type { RoundTask } from '@fl/protocol';
import { deserializeWeights, type ModelWeights } from '@fl/fl-core';
import type { Connection } from './connection';
import type { TrainOutcome } from './trainers/local-trainer';
import { uploadUpdate } from './uploader';

const weights = (n: number): ModelWeights => ({ layout: [{ name: 'w', shape: [n] }], data: Float32Array.from({ length: n }, (_, i) => i / 7) });
const task = { taskId: 't1', jobId: 'j1', round: 3, attempt: 1 } as RoundTask;
const outcome = (w: ModelWeights): TrainOutcome => ({ weights: w, numExamples: 9, metrics: { loss: 1, accuracy: 0.5, examplesProcessed: 9, seconds: 0.1 }, proximalMu: 0 });

/** A connection that records every request and acks it. */
function fakeConnection(maxChunkBytes: number, commitWithData: boolean) {
  const sent: Array<{ event: string; payload: Record<string, unknown> }> = [];
  const conn = {
    maxChunkBytes,
    commitWithData,
    request: async (event: string, payload: Record<string, unknown>) => {
      sent.push({ event, payload });
      return { ok: true };
    },
  } as unknown as Connection;
  return { conn, sent };
}

describe('uploadUpdate', () => {
  it('sends an update that fits in one chunk inside the commit when the coordinator accepts that', async () => {
    const w = weights(10);
    const { conn, sent } = fakeConnection(1024, true);
    const n = await uploadUpdate(conn, task, outcome(w), () => 1000);
    expect(sent.map((s) => s.event)).toEqual(['update:commit']);
    const data = sent[0].payload.data as Buffer;
    expect(Buffer.isBuffer(data)).toBe(true);
    expect(data.byteLength).toBe(n);
    expect(Array.from(deserializeWeights(new Uint8Array(data), w.layout).data)).toEqual(Array.from(w.data));
    expect(sent[0].payload).toMatchObject({ taskId: 't1', jobId: 'j1', round: 3, attempt: 1, numExamples: 9, proximalMu: 0 });
  });

  it('sends chunks, then a commit without data, to an older coordinator or when the update exceeds a chunk', async () => {
    for (const [max, carry] of [[1024, false], [32, true]] as const) {
      const w = weights(10);
      const { conn, sent } = fakeConnection(max, carry);
      const n = await uploadUpdate(conn, task, outcome(w), () => 1000);
      const chunks = sent.filter((s) => s.event === 'update:chunk').map((s) => s.payload.data as Buffer);
      expect(sent[sent.length - 1].event).toBe('update:commit');
      expect(sent[sent.length - 1].payload.data).toBeUndefined();
      expect(chunks.every((c) => c.byteLength <= max)).toBe(true);
      expect(Buffer.concat(chunks).byteLength).toBe(n);
    }
  });

  it('puts the update over the bulk channel when it takes it, then commits without data; falls back to the socket when it does not', async () => {
    for (const taken of [true, false]) {
      const w = weights(10);
      const { conn, sent } = fakeConnection(1024, true);
      const puts: Array<{ taskId: string; bytes: number }> = [];
      Object.assign(conn, { uploadBulk: async (taskId: string, bytes: Uint8Array) => (puts.push({ taskId, bytes: bytes.byteLength }), taken) });
      const n = await uploadUpdate(conn, task, outcome(w), () => 1000);
      expect(puts).toEqual([{ taskId: 't1', bytes: n }]);
      expect(sent.map((s) => s.event)).toEqual(['update:commit']);
      expect(sent[0].payload.data === undefined).toBe(taken);
    }
  });
});
